"""Peak memory of story-server while it receives uploads.

Starts the server (debug build unless STORY_SERVER is set) on a loopback port with a temporary
SQLite file and media folder, signs up a user, then for each upload: resets the server's RSS
high-water mark (`echo 5 > /proc/PID/clear_refs`), uploads the file with Python `requests` as a
GraphQL multipart request, and reads VmHWM from /proc/PID/status. Prints a Markdown table.

Usage: python bench/upload/measure.py            (from the package root, with the test venv's python)
"""
import json, os, shutil, signal, socket, subprocess, sys, tempfile, time

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("STORY_SERVER", os.path.join(ROOT, ".build", "debug", "story-server"))
QUERY = ("mutation($file: Upload!, $type: String!, $name: String!) "
         "{ uploadAsset(file: $file, type: $type, name: $name) { success message asset { fileSize url } } }")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def status_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


def reset_peak(pid):
    with open(f"/proc/{pid}/clear_refs", "w") as f:
        f.write("5")


def wav(path, size):
    data = size - 44
    rate = 44100
    header = (b"RIFF" + (36 + data).to_bytes(4, "little") + b"WAVE" + b"fmt " + (16).to_bytes(4, "little")
              + (1).to_bytes(2, "little") + (2).to_bytes(2, "little") + rate.to_bytes(4, "little")
              + (rate * 4).to_bytes(4, "little") + (4).to_bytes(2, "little") + (16).to_bytes(2, "little")
              + b"data" + data.to_bytes(4, "little"))
    with open(path, "wb") as f:
        f.write(header)
        f.write(os.urandom(data))


def mp4(path, size):
    with open(path, "wb") as f:
        f.write((24).to_bytes(4, "big") + b"ftypisom" + b"\0\0\2\0" + b"isomiso2")
        f.write(os.urandom(size - 24))


def main():
    work = tempfile.mkdtemp(prefix="upload-bench-")
    port = free_port()
    env = dict(os.environ, DEBUG="true", SECRET_KEY="bench-secret-of-at-least-thirty-two-characters",
               HOST="127.0.0.1", PORT=str(port), SQLITE_PATH=os.path.join(work, "story.sqlite"),
               MEDIA_ROOT=os.path.join(work, "media"), UPLOAD_TMP_DIR=os.path.join(work, "spool"),
               BCRYPT_COST="4", GENERATION_WORKERS="0")
    server = subprocess.Popen([BINARY, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(base + "/healthz", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        gql = lambda q, v, h={}: requests.post(base + "/graphql/", json={"query": q, "variables": v}, headers=h).json()
        gql("mutation($e: String!, $p: String!) { createUser(input: {email: $e, password: $p}) { success } }",
            {"e": "bench@example.com", "p": "password1"})
        token = gql("mutation($e: String!, $p: String!) { tokenAuth(email: $e, password: $p) { token } }",
                    {"e": "bench@example.com", "p": "password1"})["data"]["tokenAuth"]["token"]
        headers = {"Authorization": "JWT " + token, "Apollo-Require-Preflight": "true"}

        def upload(path, kind):
            ops = json.dumps({"query": QUERY, "variables": {"file": None, "type": kind, "name": "bench"}})
            with open(path, "rb") as f:
                r = requests.post(base + "/graphql/", headers=headers, data={"operations": ops, "map": '{"0": ["variables.file"]}'},
                                  files={"0": (os.path.basename(path), f, "application/octet-stream")})
            return r.status_code, r.json()

        files = [("sound", 10_000_000, wav), ("sound", 10_000_000, wav), ("video", 40_000_000, mp4), ("sound", 20_000_000, wav)]
        rows = []
        upload_path = os.path.join(work, "warmup.wav")
        wav(upload_path, 100_000)
        upload(upload_path, "sound")  # warm-up: first-use allocations (schema, caches)
        time.sleep(0.5)
        reset_peak(server.pid)
        time.sleep(0.5)
        idle_rss = status_kib(server.pid, "VmRSS")
        idle_peak = status_kib(server.pid, "VmHWM")
        rows.append(("(idle, after warm-up)", "-", "-", idle_rss, idle_peak))
        for i, (kind, size, make) in enumerate(files):
            path = os.path.join(work, f"file{i}")
            make(path, size)
            before = status_kib(server.pid, "VmRSS")
            reset_peak(server.pid)
            code, body = upload(path, kind)
            peak = status_kib(server.pid, "VmHWM")
            outcome = body.get("errors", [{}])[0].get("message") if "errors" in body else (
                "ok" if body["data"]["uploadAsset"]["success"] else body["data"]["uploadAsset"]["message"])
            rows.append((f"{kind} {size / 1e6:.0f} MB", code, outcome, before, peak))
            os.remove(path)
        print(f"server: {BINARY}")
        print("| upload | HTTP | outcome | RSS before (MiB) | peak RSS during (MiB) | peak - before (MiB) |")
        print("|---|---|---|---|---|---|")
        for name, code, outcome, before, peak in rows:
            print(f"| {name} | {code} | {outcome} | {before / 1024:.1f} | {peak / 1024:.1f} | {(peak - before) / 1024:+.1f} |")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
