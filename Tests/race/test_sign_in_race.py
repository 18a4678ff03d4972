"""Wrong passwords for one account sent at once: the throttle counts each one before checking it."""
from functools import partial

from harness import Browser
from racing import PASSWORD, ROUNDS, assert_no_server_errors, race, statuses

# One account per round: the address's own limit (20 failures) is not reached by three rounds of five.
ACCOUNTS = ("ken@demo.tandem", "mex@demo.tandem", "uk@demo.tandem")
GUESSES = 15
ALLOWED = 5  # ThrottleRule.account


def test_fifteen_wrong_passwords_at_once_check_five_and_lock_the_account(tandem, db):
    assert ROUNDS <= len(ACCOUNTS)
    for account in ACCOUNTS[:ROUNDS]:
        guessers = [Browser(tandem.url) for _ in range(GUESSES)]
        for guesser in guessers:
            guesser.get("/account/sign-in")  # its CSRF cookie, before the race
        answers = race([partial(guesser.post, "/account/sign-in", {"email": account, "password": f"wrong guess {index}"})
                        for index, guesser in enumerate(guessers)])

        assert_no_server_errors(answers)
        assert statuses(answers) == {401: ALLOWED, 429: GUESSES - ALLOWED}, f"{account}: {statuses(answers)}"
        status, _, _ = Browser(tandem.url).post("/account/sign-in", {"email": account, "password": PASSWORD})
        assert status == 429, f"{account}: the right password while locked answered {status}"
        failures = db.value("SELECT failures FROM sign_in_throttles WHERE key = ?", "email:" + account)
        assert failures == ALLOWED, f"{account}: {failures} failures counted"
