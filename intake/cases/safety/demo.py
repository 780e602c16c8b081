"""Demo safety plans: realistic, clearly fake (555 numbers, made-up names)."""
from datetime import timedelta

from intake.cases.safety import queries, services

PLANS = [
    {
        "warning_signs": "Long silences after I see friends\nBeing asked who I was texting\n"
                         "Gifts and apologies after a fight",
        "coping_steps": "Cold water on my face\nBreathe out longer than in, five times\n"
                        "Walk to the corner shop and back\nRead my 'what really happened' notes",
        "safe_people": "Rosa (sister): 555-0100\nMarcus at work: 555-0142",
        "safe_places": "Rosa's flat on Elm Street\nThe public library until 8 pm",
        "emergency_numbers": "911\n988 (call or text)\nDomestic violence hotline 1-800-799-7233",
        "communication_plan": "Messages only through the co-parenting app\n"
                              "No replies after 9 pm\nChild handovers at the school gate",
        "code_word": "blue umbrella",
        "go_bag": "Passport and birth certificate at Rosa's\nSpare keys and charger in my work locker\n"
                  "Two weeks of medication",
    },
    {
        "warning_signs": "Checking his social media late at night\nFeeling I must 'explain myself'",
        "coping_steps": "Put the phone in another room\nFive things I can see, four I can hear\n"
                        "Message the support group chat",
        "safe_people": "Priya (friend): 555-0177\nGroup facilitator: 555-0119",
        "safe_places": "Priya's house\nThe 24-hour café on Main Street",
        "emergency_numbers": "911\n988\nLocal advocate line 555-0190",
        "communication_plan": "No contact; blocked on all apps\nIf he calls from a new number, do not answer",
        "code_word": "green kettle",
        "go_bag": "Copies of documents in a sealed envelope at Priya's\nCash for a taxi",
    },
]

EXTRA_COPING = "Call the clinic's after-hours line if the urge to reconnect is strong"


def seed_safety_plan(case, clinician) -> None:
    """Two revisions (the first plan, then a refinement); nothing if the case has one."""
    if queries.plan_for(case) is not None:
        return
    content = PLANS[case.id % len(PLANS)]
    first = services.save_revision(case, content, actor=clinician, expected_version=None)
    plan = queries.plan_for(case)
    refined = {**content, "coping_steps": content["coping_steps"] + "\n" + EXTRA_COPING}
    second = services.save_revision(case, refined, actor=clinician, expected_version=plan.version)
    first.created_at = case.opened_at + timedelta(days=2)
    second.created_at = case.opened_at + timedelta(days=16)
