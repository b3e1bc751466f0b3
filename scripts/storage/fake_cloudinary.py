"""A local stand-in for Cloudinary's upload, rename, destroy, admin and delivery APIs (Python stdlib only).

It checks signatures exactly as Cloudinary documents them: every parameter but file, api_key,
resource_type, cloud_name and signature, as name=value sorted by name, joined with "&", the API
secret appended, SHA-1 in hex; a request whose signature, API key or timestamp (more than an hour
old) is wrong gets 401 and Cloudinary's error shape {"error": {"message": ...}}.
Uploads answer like Cloudinary (public_id, version, resource_type, type, format, bytes,
width/height for images, secure_url pointing back here); rename moves a file to another public_id
and/or delivery type (`to_type`, e.g. upload <-> authenticated) and answers the same shape; files are served at
/<cloud>/<resource_type>/<type>/[s--sig--/][v<version>/]<public_id>.<format>; `authenticated`
files only with the right s--sig-- (first 8 characters of URL-safe base64 SHA-1 of
"<public_id>.<format>" + secret).
Usage: python fake_cloudinary.py --port N --cloud NAME --key KEY --secret SECRET
"""
import argparse
import base64
import hashlib
import hmac
import json
import re
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlparse

UNSIGNED = {"file", "api_key", "resource_type", "cloud_name", "signature"}
FILES = {}  # (resource_type, type, public_id) -> {"bytes", "format", "version", "content_type"}
LOCK = threading.Lock()
MIME = {"png": "image/png", "jpg": "image/jpeg", "gif": "image/gif", "webp": "image/webp", "mp3": "audio/mpeg",
        "wav": "audio/wav", "ogg": "audio/ogg", "mp4": "video/mp4", "webm": "video/webm"}


def signature_of(params, secret):
    text = "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k not in UNSIGNED and v != "")
    return hashlib.sha1((text + secret).encode()).hexdigest(), text


def delivery_signature(path, secret):
    digest = hashlib.sha1((path + secret).encode()).digest()
    return "s--" + base64.urlsafe_b64encode(digest).decode()[:8] + "--"


def parse_multipart(body, content_type):
    """The text fields and the (filename, bytes) of the `file` part of a multipart/form-data body."""
    boundary = re.search(r'boundary="?([^";]+)"?', content_type).group(1).encode()
    params, upload = {}, None
    for part in body.split(b"--" + boundary)[1:]:
        if part.startswith(b"--"):
            break
        head, _, content = part[2:].partition(b"\r\n\r\n")
        content = content[:-2] if content.endswith(b"\r\n") else content
        disposition = next((line for line in head.decode().split("\r\n")
                            if line.lower().startswith("content-disposition:")), "")
        name = re.search(r'\bname="([^"]*)"', disposition)
        filename = re.search(r'\bfilename="([^"]*)"', disposition)
        if name and name.group(1) == "file":
            upload = (filename.group(1) if filename else "", content)
        elif name:
            params[name.group(1)] = content.decode()
    return params, upload


def image_size(data):
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        return struct.unpack(">II", data[16:24])
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return struct.unpack("<HH", data[6:10])
    return 0, 0


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body, content_type="application/json"):
        data = json.dumps(body).encode() if content_type == "application/json" else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def error(self, status, message):
        self.answer(status, {"error": {"message": message}})

    def form(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        content_type = self.headers.get("Content-Type", "")
        if content_type.startswith("multipart/form-data"):
            return parse_multipart(body, content_type)
        return dict(parse_qsl(body.decode(), keep_blank_values=True)), None

    def check_signed(self, params):
        if params.get("api_key") != self.server.key:
            self.error(401, f"Invalid api_key {params.get('api_key')}")
            return False
        try:
            timestamp = int(params.get("timestamp", ""))
        except ValueError:
            self.error(400, "Missing required parameter - timestamp")
            return False
        if abs(time.time() - timestamp) > 3600:
            self.error(400, f"Stale request - reported time is {timestamp} which is more than 1 hour ago")
            return False
        expected, text = signature_of(params, self.server.secret)
        if not hmac.compare_digest(expected, params.get("signature", "")):
            self.error(401, f"Invalid Signature {params.get('signature', '')}. String to sign - '{text}'.")
            return False
        return True

    def do_POST(self):
        match = re.fullmatch(r"/v1_1/([^/]+)/(image|video|raw)/(upload|destroy|rename)", urlparse(self.path).path)
        if not match or match.group(1) != self.server.cloud:
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            return self.error(404, "Invalid cloud_name or path")
        resource_type, action = match.group(2), match.group(3)
        params, upload = self.form()
        if not self.check_signed(params):
            return
        if action == "upload":
            return self.upload(resource_type, params, upload)
        if action == "rename":
            return self.rename(resource_type, params)
        key = (resource_type, params.get("type", "upload"), params.get("public_id", ""))
        with LOCK:
            found = FILES.pop(key, None)
        self.answer(200, {"result": "ok" if found else "not found"})

    def upload(self, resource_type, params, upload):
        if upload is None:
            return self.error(400, "Missing required parameter - file")
        filename, data = upload
        public_id = params.get("public_id") or hashlib.sha1(data).hexdigest()[:20]
        if params.get("folder"):
            public_id = params["folder"].strip("/") + "/" + public_id
        delivery = params.get("type", "upload")
        fmt = filename.rsplit(".", 1)[1].lower() if "." in filename else ""
        version = int(time.time())
        stored = {"bytes": data, "format": fmt, "version": version, "folder": params.get("folder", ""),
                  "original_filename": filename.rsplit(".", 1)[0]}
        with LOCK:
            FILES[(resource_type, delivery, public_id)] = stored
        self.answer(200, self.resource(resource_type, delivery, public_id, stored))

    def resource(self, resource_type, delivery, public_id, stored):
        """A resource as the upload and rename APIs describe it."""
        data, fmt, version = stored["bytes"], stored["format"], stored["version"]
        path = f"{public_id}.{fmt}" if fmt else public_id
        signed = delivery_signature(path, self.server.secret) + "/" if delivery != "upload" else ""
        url = f"{self.server.base}/{self.server.cloud}/{resource_type}/{delivery}/{signed}v{version}/{path}"
        body = {"asset_id": hashlib.md5(path.encode()).hexdigest(), "public_id": public_id, "version": version,
                "version_id": hashlib.md5(str(version).encode()).hexdigest(),
                "signature": hashlib.sha1(data).hexdigest(), "format": fmt, "resource_type": resource_type,
                "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "tags": [], "bytes": len(data),
                "type": delivery, "etag": hashlib.md5(data).hexdigest(), "placeholder": False,
                "url": url.replace("https://", "http://"), "secure_url": url, "folder": stored.get("folder", ""),
                "original_filename": stored.get("original_filename", ""), "api_key": self.server.key}
        if resource_type == "image":
            body["width"], body["height"] = image_size(data)
        return body

    def rename(self, resource_type, params):
        """The upload API's rename: moves (resource_type, type, from_public_id) to (to_type, to_public_id)."""
        from_id, to_id = params.get("from_public_id", ""), params.get("to_public_id", "")
        if not from_id or not to_id:
            return self.error(400, "Missing required parameter - " + ("from_public_id" if not from_id else "to_public_id"))
        delivery = params.get("type", "upload")
        to_delivery = params.get("to_type", delivery)
        if delivery not in ("upload", "authenticated", "private") or to_delivery not in ("upload", "authenticated", "private"):
            return self.error(400, f"Invalid type {delivery} or to_type {to_delivery}")
        source, target = (resource_type, delivery, from_id), (resource_type, to_delivery, to_id)
        with LOCK:
            stored = FILES.get(source)
            clash = source != target and target in FILES and params.get("overwrite") not in ("true", "1")
            if stored and not clash:
                FILES[target] = FILES.pop(source)
        if not stored:
            return self.error(404, f"Resource not found - {from_id}")
        if clash:
            return self.error(400, f"to_public_id ({to_id}) already exists")
        self.answer(200, self.resource(resource_type, to_delivery, to_id, stored))

    def do_GET(self):
        parsed = urlparse(self.path)
        admin = re.fullmatch(r"/v1_1/([^/]+)/resources/(image|video|raw)/(upload|authenticated)", parsed.path)
        if admin:
            return self.list_resources(admin, dict(parse_qsl(parsed.query)))
        match = re.fullmatch(r"/([^/]+)/(image|video|raw)/(upload|authenticated)/(s--[A-Za-z0-9_-]{8}--/)?(v\d+/)?(.+)",
                             parsed.path)
        if not match or match.group(1) != self.server.cloud:
            return self.error(404, "Resource not found")
        resource_type, delivery, signature, path = match.group(2), match.group(3), match.group(4), match.group(6)
        if delivery == "authenticated" and (signature or "")[:-1] != delivery_signature(path, self.server.secret):
            return self.error(401, "Invalid signature in delivery URL")
        public_id, _, fmt = path.rpartition(".") if "." in path.rsplit("/", 1)[-1] else (path, "", "")
        with LOCK:
            stored = FILES.get((resource_type, delivery, public_id))
        if not stored or stored["format"] != fmt:
            return self.error(404, "Resource not found")
        self.answer(200, stored["bytes"], MIME.get(fmt, "application/octet-stream"))

    do_HEAD = do_GET

    def list_resources(self, match, query):
        expected = "Basic " + base64.b64encode(f"{self.server.key}:{self.server.secret}".encode()).decode()
        if match.group(1) != self.server.cloud or not hmac.compare_digest(self.headers.get("Authorization", ""), expected):
            return self.error(401, "Invalid credentials")
        resource_type, delivery = match.group(2), match.group(3)
        prefix = query.get("prefix", "")
        with LOCK:
            found = sorted((pid, f) for (rt, t, pid), f in FILES.items()
                           if rt == resource_type and t == delivery and pid.startswith(prefix))
        start = int(query.get("next_cursor", "0") or 0)
        size = min(int(query.get("max_results", "10")), 500)
        page = found[start:start + size]
        body = {"resources": [{"public_id": pid, "format": f["format"], "version": f["version"], "resource_type": resource_type,
                               "type": delivery, "bytes": len(f["bytes"])} for pid, f in page]}
        if start + size < len(found):
            body["next_cursor"] = str(start + size)
        self.answer(200, body)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cloud", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--secret", required=True)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.cloud, server.key, server.secret = args.cloud, args.key, args.secret
    server.base = f"http://127.0.0.1:{args.port}"
    server.serve_forever()


if __name__ == "__main__":
    main()
