"""moto_server with query-string (presigned URL) authentication and anonymous reads.

moto checks header signatures once INITIAL_NO_AUTH_ACTION_COUNT is used up, but then answers 500
to any request without an `Authorization` header, so presigned URLs and public-read objects cannot
be fetched. This wrapper teaches it both, and keeps header signatures checked as before:
- a request carrying `X-Amz-Signature` in its query is verified with botocore's
  S3SigV4QueryAuth (canonical request over the path, the query less the signature, the signed
  headers and UNSIGNED-PAYLOAD), using the secret of the IAM access key named in
  `X-Amz-Credential`; an expired URL or a wrong signature is refused like S3 does;
- a GET/HEAD of an object with neither is anonymous: moto's own ACL check, which runs before
  this hook, has already refused objects that are not public-read.
Usage: python moto_server.py -H 127.0.0.1 -p PORT
"""
import datetime
import hmac
from urllib.parse import parse_qsl, urlparse

from botocore.auth import S3SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from moto import settings
from moto.core.authorization import ActionAuthenticatorMixin
from moto.iam.access_control import CreateAccessKeyFailure, create_access_key
from moto.s3.exceptions import S3AccessDeniedError, S3InvalidAccessKeyIdError, S3SignatureDoesNotMatchError

original = ActionAuthenticatorMixin._authenticate_and_authorize_s3_action


def verify_presigned(handler, query):
    params = dict(query)
    credential = params.get("X-Amz-Credential", "").split("/")
    if len(credential) != 5 or params.get("X-Amz-Algorithm") != "AWS4-HMAC-SHA256":
        raise S3AccessDeniedError()
    access_key_id, _, region, service, _ = credential
    try:
        key = create_access_key(handler.current_account, "aws", access_key_id, {})
    except CreateAccessKeyFailure:
        raise S3InvalidAccessKeyIdError()
    timestamp = params["X-Amz-Date"]
    issued = datetime.datetime.strptime(timestamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
    expires = int(params["X-Amz-Expires"])
    if datetime.datetime.now(datetime.timezone.utc) > issued + datetime.timedelta(seconds=expires):
        raise S3AccessDeniedError()
    signed_headers = params["X-Amz-SignedHeaders"].split(";")
    headers = {name: value for name, value in handler.headers.items() if name.lower() in signed_headers}
    unsigned_query = "&".join(
        f"{name}={value}" for name, value in
        (part.split("=", 1) if "=" in part else (part, "") for part in urlparse(handler.uri).query.split("&"))
        if name != "X-Amz-Signature")
    request = AWSRequest(method=handler.method, url=handler.raw_path + "?" + unsigned_query, headers=headers)
    request.context["timestamp"] = timestamp
    auth = S3SigV4QueryAuth(key.create_credentials(), service, region, expires=expires)
    canonical = auth.canonical_request(request)
    expected = auth.signature(auth.string_to_sign(request, canonical), request)
    if not hmac.compare_digest(expected, params.get("X-Amz-Signature", "")):
        raise S3SignatureDoesNotMatchError()


def authenticate(self, bucket_name=None, key_name=None):
    if "Authorization" not in self.headers and \
            ActionAuthenticatorMixin.request_count >= settings.INITIAL_NO_AUTH_ACTION_COUNT:
        query = parse_qsl(urlparse(self.uri).query, keep_blank_values=True)
        if any(name == "X-Amz-Signature" for name, _ in query):
            return verify_presigned(self, query)
        if self.method in ("GET", "HEAD") and key_name:
            return  # anonymous read; moto already refused non-public objects
        raise S3AccessDeniedError()
    return original(self, bucket_name, key_name)


ActionAuthenticatorMixin._authenticate_and_authorize_s3_action = authenticate

if __name__ == "__main__":
    from moto.server import main
    main()
