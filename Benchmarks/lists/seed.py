"""Fills a fresh Tandem with the programme at scale, through its own API and forms, as its users would:
200 partnerships made by a programme officer and 500 applications (every State Party applying, withdrawing
and applying again), then prints the cookies of a signed-in programme officer, Kenya's focal point and an
administrator. Usage: seed.py BASE_URL WRITE_TOKEN"""
import json
import os
import sys
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "support"))
from harness import Browser  # noqa: E402

BASE, TOKEN = sys.argv[1], sys.argv[2]
PASSWORD = "tandem demo only"


def api(method, path, body=None):
    request = urllib.request.Request(BASE + "/api/v1" + path, method=method, data=json.dumps(body or {}).encode(),
                                     headers={"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


states = [state["iso3"] for state in api("GET", "/states?limit=200")["items"]]
officer = Browser(BASE)
officer.sign_in("secretariat@demo.tandem", PASSWORD)
for index in range(200):
    mentor, mentee = states[index % len(states)], states[(index * 7 + 3) % len(states)]
    if mentor == mentee:
        mentee = states[(index + 1) % len(states)]
    status, page, _ = officer.post("/partnerships", {"mentor": mentor, "mentee": mentee, "call": "2025-2027", "status": "active"})
    assert status == 303, page[:500]

applied = 0
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

people = {}
for name, email in [("officer", "secretariat@demo.tandem"), ("focal_point", "ken@demo.tandem"), ("admin", "admin@demo.tandem")]:
    browser = Browser(BASE)
    browser.sign_in(email, PASSWORD)
    people[name] = "; ".join(f"{cookie.name}={cookie.value}" for cookie in browser.cookies)
print(json.dumps({"applications": applied, "cookies": people}))
