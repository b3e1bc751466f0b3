#!/usr/bin/env python3
"""A local stand-in for the Hugging Face inference API, for HuggingFaceTests.

Prints the port it listens on (127.0.0.1, chosen by the system) as its first line, and exits when its
standard input closes, so it never outlives the test process that started it.

POST /models/<behaviour>/<name> checks the bearer token (test-token) and the JSON body, then answers
as <behaviour> says:
  ok            a 64x48 PNG
  loading-N     503 {"error": "...loading", "estimated_time": 0.2} for the first N calls to that path, then a PNG
  alwaysloading 503 with estimated_time 0.3, always
  ratelimit     429 with Retry-After: 7
  forbidden     403
  missing       404
  garbage       200 with an HTML page
  slow          a PNG after 5 seconds
  audio-ok      (text to speech or music: the body is {"inputs": text}) a one-second 16 kHz WAV
  audio-slow    the same WAV after 5 seconds
  audio-garbage 200 with a JSON body instead of a sound
GET /_calls/<behaviour>/<name> answers how many POSTs reached that path; GET /_last/<behaviour>/<name>
answers the last POST to that path: its body, Authorization and Accept headers as JSON.
"""
import json
import struct
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN = "test-token"
calls = {}
last = {}
lock = threading.Lock()


def png(width=64, height=48):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + b"".join(bytes((x * 4 % 256, y * 5 % 256, 128)) for x in range(width))
                    for y in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


PNG = png()


def wav(seconds=1.0, rate=16000):
    import io
    import math
    import wave
    frames = b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 220 * i / rate)))
                      for i in range(int(seconds * rate)))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(frames)
    return buffer.getvalue()


WAV = wav()


def body_problem(body, audio):
    if not isinstance(body, dict):
        return "the body is not a JSON object"
    if not isinstance(body.get("inputs"), str) or not body["inputs"]:
        return "inputs must be a non-empty string"
    if audio:
        return None
    p = body.get("parameters")
    if not isinstance(p, dict):
        return "parameters must be an object"
    if p.get("num_inference_steps") != 30 or p.get("guidance_scale") != 7.5:
        return "parameters must hold num_inference_steps 30 and guidance_scale 7.5, got %r" % p
    if "negative_prompt" in p and not isinstance(p["negative_prompt"], str):
        return "negative_prompt must be a string"
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body, content_type="application/json", headers=()):
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path.startswith("/_calls/"):
            with lock:
                count = calls.get("/models/" + self.path[len("/_calls/"):], 0)
            return self.answer(200, {"calls": count})
        if self.path.startswith("/_last/"):
            with lock:
                return self.answer(200, last.get("/models/" + self.path[len("/_last/"):], {}))
        self.answer(404, {"error": "Not found"})

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        if self.headers.get("Authorization") != "Bearer " + TOKEN:
            return self.answer(401, {"error": "Invalid credentials in Authorization header"})
        try:
            body = json.loads(raw)
        except ValueError:
            return self.answer(400, {"error": "the body is not JSON"})
        parts = self.path.split("/")
        if len(parts) < 4 or parts[1] != "models":
            return self.answer(404, {"error": "Model not found"})
        behaviour = parts[2]
        problem = body_problem(body, behaviour.startswith("audio-"))
        if problem:
            return self.answer(400, {"error": problem})
        with lock:
            calls[self.path] = calls.get(self.path, 0) + 1
            count = calls[self.path]
            last[self.path] = {"path": self.path, "body": body, "authorization": self.headers.get("Authorization"),
                               "accept": self.headers.get("Accept")}
        if behaviour == "ok":
            return self.answer(200, PNG, "image/png")
        if behaviour.startswith("loading-"):
            if count <= int(behaviour.split("-")[1]):
                return self.answer(503, {"error": "Model %s is currently loading" % parts[3], "estimated_time": 0.2})
            return self.answer(200, PNG, "image/png")
        if behaviour == "alwaysloading":
            return self.answer(503, {"error": "Model is currently loading", "estimated_time": 0.3})
        if behaviour == "ratelimit":
            return self.answer(429, {"error": "Rate limit reached. You reached free usage limit."},
                               headers=[("Retry-After", "7")])
        if behaviour == "forbidden":
            return self.answer(403, {"error": "This token does not have access to the model"})
        if behaviour == "missing":
            return self.answer(404, {"error": "Model not found"})
        if behaviour == "garbage":
            return self.answer(200, b"<html><body>Oops, a proxy page</body></html>", "text/html")
        if behaviour == "slow":
            time.sleep(5)
            return self.answer(200, PNG, "image/png")
        if behaviour == "audio-ok":
            return self.answer(200, WAV, "audio/wav")
        if behaviour == "audio-slow":
            time.sleep(5)
            return self.answer(200, WAV, "audio/wav")
        if behaviour == "audio-garbage":
            return self.answer(200, {"generated_text": "not a sound"})
        self.answer(404, {"error": "unknown behaviour " + behaviour})


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()  # returns when the test process closes our input or exits


if __name__ == "__main__":
    main()
