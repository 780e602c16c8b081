/* Saves a note's draft quietly while the clinician types, so little is lost if the tab
   closes or the session ends. Without JavaScript the Save draft button does the same. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave], form[data-autosave-new]");
  if (!form) { return; }
  var body = form.querySelector("textarea[name=body]");
  var status = form.querySelector(".autosave-status");
  var url = form.getAttribute("data-autosave");
  var newUrl = form.getAttribute("data-autosave-new");
  var lastSaved = body.value, timer = null, saving = false, again = false, stopped = false;
  var DELAY_MS = 5000;

  function say(text) { if (status) { status.textContent = text; } }
  function token() { return form.querySelector("input[name=csrf_token]").value; }

  function versionInput() {
    var input = form.querySelector("input[name=version]");
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = "version";
      form.appendChild(input);
    }
    return input;
  }

  function payload() {
    if (url) { return { body: body.value, version: parseInt(versionInput().value, 10) }; }
    var kind = form.querySelector("input[name=kind]:checked");
    return { body: body.value, kind: kind ? kind.value : "progress" };
  }

  function becameDraft(data) {
    // The note now exists: the form saves and signs that draft from here on.
    form.action = data.action;
    url = data.autosave;
    form.querySelectorAll("input[name=kind]").forEach(function (input) { input.disabled = true; });
  }

  function done(ok, data, sent) {
    if (!ok) {
      stopped = true;
      say((data && data.error) || "Not saved automatically. Use Save draft.");
      return;
    }
    lastSaved = sent;
    versionInput().value = data.version;
    if (data.action) { becameDraft(data); }
    say("Draft saved automatically at " + data.saved_at + ".");
  }

  function save() {
    timer = null;
    if (stopped || body.value === lastSaved || !body.value.trim()) { return; }
    if (saving) { again = true; return; }
    saving = true;
    var sent = body.value;
    fetch(url || newUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token() },
      body: JSON.stringify(payload())
    }).then(function (response) {
      return response.json().then(function (data) { done(response.ok, data, sent); });
    }).catch(function () {
      say("Not saved automatically just now. Your text is still here; use Save draft.");
    }).then(function () {
      saving = false;
      if (again) { again = false; schedule(); }
    });
  }

  function schedule() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(save, DELAY_MS);
  }

  body.addEventListener("input", schedule);
})();
