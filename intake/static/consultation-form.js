/* Shows the crisis resources as soon as a safety question is answered "yes" or "not sure".
   Without JavaScript they appear on the next page instead. */
(function () {
  "use strict";
  var panel = document.getElementById("crisis-now");
  if (!panel) { return; }
  var radios = document.querySelectorAll("input[name=in_danger], input[name=self_harm]");
  var announce = document.getElementById("crisis-announce");

  function update() {
    var worried = Array.prototype.some.call(radios, function (radio) {
      return radio.checked && (radio.value === "yes" || radio.value === "unsure");
    });
    if (announce && worried && panel.hidden) {
      announce.textContent = "Crisis contacts are shown below these questions.";
    }
    panel.hidden = !worried;
  }

  Array.prototype.forEach.call(radios, function (radio) {
    radio.addEventListener("change", update);
  });
  update();
})();
