"""Signs a request with botocore, for comparison with the Swift signer (S3StorageTests).

Reads JSON on stdin: {"method", "url", "headers": [[name, value]...], "payload_hash", "timestamp"
("20150830T123600Z"), "access_key", "secret_key", "region", "service", "mode": "header"|"s3"|"presign",
"expires", "body" and "token" (optional)}. Prints JSON {"signature", "url", "authorization"}.
"header" uses SigV4Auth (the generic signer of the AWS test suite), "s3" S3SigV4Auth, "presign"
S3SigV4QueryAuth.
"""
import datetime
import json
import sys
from unittest import mock

import botocore.auth
from botocore.auth import S3SigV4Auth, S3SigV4QueryAuth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

spec = json.load(sys.stdin)
credentials = Credentials(spec["access_key"], spec["secret_key"], spec.get("token"))
now = datetime.datetime.strptime(spec["timestamp"], "%Y%m%dT%H%M%SZ")
request = AWSRequest(method=spec["method"], url=spec["url"], headers=dict(spec["headers"]),
                     data=spec.get("body", "").encode())
if spec.get("payload_hash") and spec["mode"] != "presign":
    request.headers["X-Amz-Content-SHA256"] = spec["payload_hash"]
mode = spec["mode"]
if mode == "presign":
    auth = S3SigV4QueryAuth(credentials, spec["service"], spec["region"], expires=spec["expires"])
elif mode == "s3":
    auth = S3SigV4Auth(credentials, spec["service"], spec["region"])
else:
    auth = SigV4Auth(credentials, spec["service"], spec["region"])

with mock.patch.object(botocore.auth, "get_current_datetime", return_value=now):
    auth.add_auth(request)
if mode == "presign":
    signature = dict(p.split("=", 1) for p in request.url.split("?", 1)[1].split("&"))["X-Amz-Signature"]
else:
    signature = request.headers["Authorization"].rsplit("Signature=", 1)[1]
print(json.dumps({"signature": signature, "url": request.url,
                  "authorization": request.headers.get("Authorization", "")}))
