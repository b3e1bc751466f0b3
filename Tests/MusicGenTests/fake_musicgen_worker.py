#!/usr/bin/env python3
"""A stand-in for musicgen_worker.py speaking the same protocol, for MusicGenTests (stdlib only).

Start-up, by FAKE_WORKER_START: "ready" (default), "notready" (ready false with an install hint),
"die" (exits 1 after a word on stderr), "garbage" (a line that is not JSON), "hang" (says nothing).
Each request answers by its prompt:
  anything else   progress 0.25, 0.5, 0.75 then a WAV of `seconds` (8 kHz, 16-bit, a 440 Hz tone), after
                  FAKE_WORKER_DELAY seconds (default 0), cancellable meanwhile
  slow            like the above, taking 30 seconds
  crash           exits with status 3 after "boom" on stderr
  hang            never answers
  malformed       a line that is not JSON
  no-audio        {"ok": true} without wav_base64 nor path
  bad-base64      wav_base64 that is not base64
  oom             {"ok": false, "transient": true, "error": "out of GPU memory"}
  refuse          {"ok": false, "error": "the prompt was refused"}
  via-path        the WAV written to a temporary file, answered as "path"
Every success carries "pid", so that tests can see a restart.
"""
import base64
import io
import json
import math
import os
import queue
import struct
import sys
import tempfile
import threading
import time
import wave

out = sys.stdout
lock = threading.Lock()


def send(message):
    with lock:
        out.write(json.dumps(message) + "\n")
        out.flush()


def tone(seconds, rate=8000):
    frames = b"".join(struct.pack("<h", int(12000 * math.sin(2 * math.pi * 440 * i / rate)))
                      for i in range(int(seconds * rate)))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(frames)
    return buffer.getvalue()


def main():
    start = os.environ.get("FAKE_WORKER_START", "ready")
    if start == "notready":
        send({"ready": False, "error": "music generation needs Python 3 with torch and transformers: "
                                       "pip install torch transformers (ModuleNotFoundError: No module named 'torch')"})
        return 0
    if start == "die":
        print("fatal: cannot load the model", file=sys.stderr, flush=True)
        return 1
    if start == "hang":
        time.sleep(30)
        return 0
    if start == "garbage":
        out.write("Loading checkpoint shards... done\n")
        out.flush()
        time.sleep(30)
        return 0
    delay = float(os.environ.get("FAKE_WORKER_DELAY", "0"))
    requests = queue.Queue()
    cancelled = set()

    def read():
        for line in sys.stdin:
            message = json.loads(line)
            if "cancel" in message:
                cancelled.add(message["cancel"])
            else:
                requests.put(message)
        requests.put(None)

    threading.Thread(target=read, daemon=True).start()
    send({"ready": True, "model": "fake/musicgen", "device": "cpu", "sample_rate": 8000, "pid": os.getpid()})
    while True:
        request = requests.get()
        if request is None:
            return 0
        rid, prompt, seconds = request["id"], request["prompt"], request["seconds"]
        if prompt == "crash":
            print("boom", file=sys.stderr, flush=True)
            os._exit(3)
        if prompt == "hang":
            time.sleep(3600)
        if prompt == "malformed":
            out.write("Traceback (most recent call last): oops\n")
            out.flush()
            continue
        if prompt == "no-audio":
            send({"id": rid, "ok": True})
            continue
        if prompt == "bad-base64":
            send({"id": rid, "ok": True, "wav_base64": "%%% not base64 %%%"})
            continue
        if prompt == "oom":
            send({"id": rid, "ok": False, "transient": True, "error": "out of GPU memory"})
            continue
        if prompt == "refuse":
            send({"id": rid, "ok": False, "error": "the prompt was refused"})
            continue
        stopped = False
        for step in range(1, 4):
            deadline = time.monotonic() + (30 if prompt == "slow" else delay) / 3
            while time.monotonic() < deadline and rid not in cancelled:
                time.sleep(0.02)
            if rid in cancelled:
                stopped = True
                break
            send({"id": rid, "progress": step / 4})
        if stopped:
            send({"id": rid, "ok": False, "error": "cancelled", "cancelled": True})
            continue
        audio = tone(seconds)
        if prompt == "via-path":
            handle, path = tempfile.mkstemp(suffix=".wav")
            os.write(handle, audio)
            os.close(handle)
            send({"id": rid, "ok": True, "path": path, "model": "fake/musicgen", "pid": os.getpid()})
        else:
            send({"id": rid, "ok": True, "wav_base64": base64.b64encode(audio).decode(), "model": "fake/musicgen",
                  "device": "cpu", "pid": os.getpid(), "elapsed_seconds": delay})


if __name__ == "__main__":
    sys.exit(main())
