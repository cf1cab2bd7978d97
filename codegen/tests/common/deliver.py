"""Delivers webhooks signed by the Standard Webhooks reference library (the `standardwebhooks`
package), and a few plain requests, to a server under test; prints what came back as JSON.

Reads a JSON object from stdin: `address`, `secret`, `path` (where the server receives
webhooks), `payloads` (a list of JSON texts) and `requests` (plain ones: `method`, `target`,
`headers`). Every delivery is signed afresh here: a
message id and the current time, as the sender would.
"""

import datetime
import json
import sys
import urllib.error
import urllib.request
import uuid

from standardwebhooks.webhooks import Webhook


def send(url, body, headers, method="POST"):
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def signed(secret, body, when):
    message = "msg_" + uuid.uuid4().hex
    signature = Webhook(secret).sign(message, when, body)
    return {
        "content-type": "application/json",
        "webhook-id": message,
        "webhook-timestamp": str(int(when.timestamp())),
        "webhook-signature": signature,
    }


def main():
    job = json.load(sys.stdin)
    url = "http://" + job["address"] + job["path"]
    now = datetime.datetime.now(tz=datetime.timezone.utc)
    results = {"good": [], "tampered": [], "stale": [], "wrong_key": []}
    other_key = "whsec_" + "c2VjcmV0IG9mIHNvbWVvbmUgZWxzZQ=="
    for text in job["payloads"]:
        headers = signed(job["secret"], text, now)
        results["good"].append(send(url, text.encode(), headers))
        # The same signature over a body changed after signing.
        tampered = text.replace("{", '{"x": 1, ', 1)
        results["tampered"].append(send(url, tampered.encode(), headers))
        stale = signed(job["secret"], text, now - datetime.timedelta(minutes=10))
        results["stale"].append(send(url, text.encode(), stale))
        results["wrong_key"].append(send(url, text.encode(), signed(other_key, text, now)))
    results["requests"] = [
        send("http://" + job["address"] + r["target"], None, r["headers"], r["method"])
        for r in job["requests"]
    ]
    json.dump(results, sys.stdout)


main()
