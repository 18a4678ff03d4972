"""Fills a fresh Tandem with the programme at scale, through its own API and forms, as its users would:
200 partnerships made by a programme officer and 500 applications (every State Party applying, withdrawing
and applying again; every other standing application completed, signed and submitted, so the review has a
queue), then prints the cookies of a signed-in programme officer, Kenya's focal point and an
administrator. Usage: seed.py BASE_URL WRITE_TOKEN"""
import json
import os
import sys
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "support"))
from harness import Browser  # noqa: E402

BASE, TOKEN = sys.argv[1], sys.argv[2]
PASSWORD = "tandem demo only"


def api(method, path, body=None, data=None, kind="application/json"):
    request = urllib.request.Request(BASE + "/api/v1" + path, method=method, data=data or json.dumps(body or {}).encode(),
                                     headers={"Authorization": "Bearer " + TOKEN, "Content-Type": kind})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


INDICATOR = {"description": "Officials trained", "baseline": "0", "target": "12", "unit": "officials",
             "meansOfVerification": "Attendance lists"}


def complete_form(state, partner):
    area = lambda key: {"key": key, "customName": "", "outputs": [{"statement": "Workshop held", "indicators": [INDICATOR]}],
                        "outcomes": [{"statement": "Declarations on time", "indicators": [INDICATOR]}]}
    return {"nationalAuthority": f"National Authority of {state}", "contactPerson": "Focal point", "phone": "+1 555 0100",
            "emails": [f"na.{state.lower()}@example.org"], "mode": "seeking", "sponsorshipRequired": True,
            "motivation": "To strengthen implementation.", "needsAssessment": "Made with stakeholders.",
            "needsJustification": "Legislation pending.", "actionPlanStatus": "Drafted.", "contributionToPlan": "Items 2 and 4.",
            "needs": [{"key": "implementing_legislation", "level": 1}], "preferredPartners": [partner],
            "partnerAgreementSought": False, "workingLanguages": ["en"], "firstVisitFrom": "2027-03-01", "firstVisitTo": "2027-06-30",
            "expectedResults": [{"description": "Bill drafted", "meansOfVerification": "Draft bill"}],
            "resultsFramework": {"areas": [area("national_authority"), area("implementing_legislation")]},
            "headName": "Head of the National Authority", "headTitle": "Head", "signedOn": "2026-11-10"}


states = [state["iso3"] for state in api("GET", "/states?limit=200")["items"]]
officer = Browser(BASE)
officer.sign_in("secretariat@demo.tandem", PASSWORD)
for index in range(200):
    mentor, mentee = states[index % len(states)], states[(index * 7 + 3) % len(states)]
    if mentor == mentee:
        mentee = states[(index + 1) % len(states)]
    status, page, _ = officer.post("/partnerships", {"mentor": mentor, "mentee": mentee, "call": "2025-2027", "status": "active"})
    assert status == 303, page[:500]

applied = submitted = 0
for round_ in range(3):
    for state in states:
        if applied == 500:
            break
        try:
            made = api("POST", "/applications", {"call": "2025-2027", "state": state})
        except urllib.error.HTTPError as error:
            if error.code == 409:  # a demo state's application that stands on a proposal, or is already decided
                continue
            raise
        applied += 1
        if round_ < 2:
            api("POST", f"/applications/{made['id']}/withdraw", {"reason": "Applying again"})
        elif applied % 2 == 0:
            try:
                api("PUT", f"/applications/{made['id']}", {"form": complete_form(state, "GBR" if state != "GBR" else "FRA")})
                api("PUT", f"/applications/{made['id']}/signed-form", data=b"%PDF-1.4\n%signed\n", kind="application/pdf")
                api("POST", f"/applications/{made['id']}/submit")
                submitted += 1
            except urllib.error.HTTPError as error:
                if error.code != 422:  # a state the rules do not let seek mentorship again yet
                    raise

people = {}
for name, email in [("officer", "secretariat@demo.tandem"), ("focal_point", "ken@demo.tandem"), ("admin", "admin@demo.tandem")]:
    browser = Browser(BASE)
    browser.sign_in(email, PASSWORD)
    people[name] = "; ".join(f"{cookie.name}={cookie.value}" for cookie in browser.cookies)
print(json.dumps({"applications": applied, "submitted": submitted, "cookies": people}))
