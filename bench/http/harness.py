"""The HTTP benchmark of issue 13: creates stories of 10, 25, 50, 100 and 200 scenes (two choices each)
through the API, then measures each request with wrk in one run and prints a Markdown table of
req/s, p50/p99 and each rate's ratio to the plain HTTP route measured in the same run.

Usage: harness.py BASE_URL ADMIN_EMAIL ADMIN_PASSWORD  (bench/run.sh starts the server)
"""
import json, os, re, subprocess, sys, tempfile, urllib.request

BASE, EMAIL, PASSWORD = sys.argv[1], sys.argv[2], sys.argv[3]
URL = BASE + "/graphql/"
DURATION = os.environ.get("BENCH_DURATION", "8s")
THREADS, CONNECTIONS = os.environ.get("BENCH_THREADS", "2"), os.environ.get("BENCH_CONNECTIONS", "8")
SIZES = [int(n) for n in os.environ.get("BENCH_SCENES", "10,25,50,100,200").split(",")]


def gql(query, variables=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "JWT " + token
    body = json.dumps({"query": query, "variables": variables or {}}).encode()
    with urllib.request.urlopen(urllib.request.Request(URL, body, headers), timeout=60) as r:
        answer = json.loads(r.read())
    if answer.get("errors"):
        sys.exit(f"{query[:60]}…: {answer['errors']}")
    return answer["data"]


def login(email, password):
    return gql('mutation($e: String!, $p: String!) { tokenAuth(email: $e, password: $p) { token } }',
               {"e": email, "p": password})["tokenAuth"]["token"]


def make_story(token, scenes):
    scenario = gql('mutation($t: String!) { createScenario(input: {title: $t, description: "bench", isPublished: true}) { scenario { mongoId } } }',
                   {"t": f"Bench {scenes}"}, token)["createScenario"]["scenario"]["mongoId"]
    ids = []
    for i in range(scenes):
        ids.append(gql('mutation($s: ID!, $t: String!, $o: Int, $a: Boolean, $e: Boolean) { createScene(input: {scenarioId: $s, title: $t, text: "Once upon a time, in a cave of many turns.", order: $o, isStartScene: $a, isEndScene: $e}) { scene { mongoId } } }',
                       {"s": scenario, "t": f"Scene {i}", "o": i, "a": i == 0, "e": i == scenes - 1}, token)["createScene"]["scene"]["mongoId"])
    choices = {}
    for i in range(scenes):
        for j in (1, 2):
            target = ids[(i + j) % scenes]
            cid = gql('mutation($f: ID!, $t: ID!, $x: String!, $o: Int) { createChoice(input: {fromSceneId: $f, toSceneId: $t, text: $x, order: $o}) { choice { mongoId } } }',
                      {"f": ids[i], "t": target, "x": f"Go to {target[-4:]}", "o": j}, token)["createChoice"]["choice"]["mongoId"]
            choices[(i, j)] = cid
    return scenario, ids, choices


EDITOR = """query GetScenarioById($id: ID!) { scenarioById(scenarioId: $id) {
  id mongoId title description isPublished createdAt updatedAt
  authorId { id mongoId email firstName lastName role }
  scenesList { id mongoId title text order isStartScene isEndScene createdAt updatedAt
    imageId { id mongoId url name type mimeType } soundId { id mongoId url name type duration } musicId { id mongoId url name type duration }
    choices { id mongoId text order condition createdAt toSceneId { id mongoId title } fromSceneId { id mongoId } } } } }"""


def lua_post(bodies, token=None):
    """A wrk script that POSTs the bodies in turn (per thread)."""
    headers = 'wrk.headers["Content-Type"] = "application/json"\n'
    if token:
        headers += f'wrk.headers["Authorization"] = "JWT {token}"\n'
    items = ",\n".join("[==[" + b + "]==]" for b in bodies)
    return f'wrk.method = "POST"\n{headers}local bodies = {{{items}}}\nlocal i = 0\nrequest = function()\n  i = i % #bodies + 1\n  return wrk.format(nil, nil, nil, bodies[i])\nend\n'


def store_calls():
    """Store calls so far: the sum of `store_call_duration_seconds_count` over every operation."""
    text = urllib.request.urlopen(BASE + "/metrics", timeout=10).read().decode()
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
               if line.startswith("store_call_duration_seconds_count"))


def server_cpu_seconds():
    """The server's user + system CPU so far (from /proc, when BENCH_SERVER_PID is given)."""
    pid = os.environ.get("BENCH_SERVER_PID")
    if not pid:
        return float("nan")
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wrk(name, path, script=None, connections=CONNECTIONS, threads=THREADS):
    before = store_calls()
    cpu_before = server_cpu_seconds()
    args = ["wrk", "-t", threads, "-c", connections, "-d", DURATION, "--latency"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script or "")
    if script:
        args += ["-s", f.name]
    out = subprocess.run(args + [BASE + path], capture_output=True, text=True, timeout=120).stdout
    os.unlink(f.name)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    def pct(p):
        m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out)
        if not m:
            return float("nan")
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    cpu = (server_cpu_seconds() - cpu_before) / max(1, requests) * 1e6
    calls = (store_calls() - before) / max(1, requests)
    return {"name": name, "rate": rate, "p50": pct(50), "p99": pct(99), "errors": int(non2xx.group(1)) if non2xx else 0,
            "calls": calls, "cpu": cpu}


def body(query, variables=None):
    return json.dumps({"query": query, "variables": variables or {}})


admin = login(EMAIL, PASSWORD)
stories = {n: make_story(admin, n) for n in SIZES}
gql('mutation { createUser(input: {email: "bench-player@example.com", password: "password1"}) { success } }')
player = login("bench-player@example.com", "password1")
scenario, ids, choices = stories[SIZES[0]]
progress = gql('mutation($s: ID!, $c: ID!) { createProgress(input: {scenarioId: $s, currentSceneId: $c}) { progress { mongoId } } }',
               {"s": scenario, "c": ids[0]}, player)["createProgress"]["progress"]["mongoId"]

# BENCH_PERF=FILE: profile instead of measuring. `perf record -g` samples the server while wrk sends
# the editor's query for the first story size; the table is skipped.
if os.environ.get("BENCH_PERF"):
    perf = subprocess.Popen(["perf", "record", "-g", "-F", "2000", "-o", os.environ["BENCH_PERF"],
                             "-p", os.environ["BENCH_SERVER_PID"]], stderr=subprocess.DEVNULL)
    row = wrk(f"editor, {SIZES[0]} scenes", "/graphql/", lua_post([body(EDITOR, {"id": stories[SIZES[0]][0]})], admin))
    perf.send_signal(2)
    perf.wait()
    print(f"{row['rate']:,.0f} req/s, {row['cpu']:,.0f} µs of server CPU a request; profile in {os.environ['BENCH_PERF']}")
    sys.exit(0)

rows = [wrk("plain HTTP route (404 under /media/)", "/media/none")]
rows.append(wrk("`{ __typename }`", "/graphql/", lua_post([body("{ __typename }")])))
for n in SIZES:
    rows.append(wrk(f"editor's `GetScenarioById`, {n} scenes × 2 choices", "/graphql/",
                    lua_post([body(EDITOR, {"id": stories[n][0]})], admin)))
editor_rows = {n: rows[-len(SIZES) + i] for i, n in enumerate(SIZES)}
rows.append(wrk("`allScenarios { title scenesList { title } }`", "/graphql/",
                lua_post([body("{ allScenarios { mongoId title scenesList { mongoId title } } }")])))
rows.append(wrk("player's `sceneById { choices }`", "/graphql/",
                lua_post([body("query($s: ID!) { sceneById(sceneId: $s) { title text choices { mongoId text toSceneId { mongoId title } } } }", {"s": ids[1]})], player)))
# Around the loop 0 → 1 → … → n-2 → 0 (never the end scene n-1), one connection so the moves stay in order.
n = SIZES[0]
record = "mutation($p: ID!, $s: ID!, $c: ID) { recordProgress(input: {progressId: $p, sceneId: $s, choiceId: $c}) { success message } }"
moves = [body(record, {"p": progress, "s": ids[k + 1], "c": choices[(k, 1)]}) for k in range(n - 2)]
moves.append(body(record, {"p": progress, "s": ids[0], "c": choices[(n - 2, 2)]}))
check = gql(record, json.loads(moves[0])["variables"], player)["recordProgress"]
if not check["success"]:
    sys.exit(f"recordProgress refused: {check}")
moves = moves[1:] + moves[:1]
rows.append(wrk("`recordProgress` (one connection)", "/graphql/", lua_post(moves, player), connections="1", threads="1"))
rows.append(wrk("login (`tokenAuth`, bcrypt cost 4)", "/graphql/",
                lua_post([body('mutation { tokenAuth(email: "bench-player@example.com", password: "password1") { token } }')])))

plain = rows[0]["rate"]
plain_cpu = rows[0]["cpu"]
print(f"wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION}, one run; ratios to the plain route of this run. "
      "Server CPU is the server process's user + system time per request (wrk shares the machine, so "
      "req/s moves with it; CPU per request moves less).\n")
print("| request | req/s | p50 ms | p99 ms | × plain route | server CPU µs/request | × plain route's CPU | store calls/request | non-2xx |")
print("|---|---|---|---|---|---|---|---|---|")
for r in rows:
    print(f"| {r['name']} | {r['rate']:,.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['rate'] / plain:.4f} | {r['cpu']:,.0f} | "
          f"{plain_cpu / r['cpu']:.4f} | {r['calls']:.2f} | {r['errors']} |")

# The goals of issue 13, checked on this run's figures.
def verdict(ok):
    return "met" if ok else "**not met**"

print()
print("| goal | this run | |")
print("|---|---|---|")
typename = rows[1]["rate"] / plain
print(f"| `{{ __typename }}` ≥ 0.50 × plain route | {typename:.3f} | {verdict(typename >= 0.50)} |")
if 50 in editor_rows:
    editor = editor_rows[50]["rate"] / plain
    print(f"| editor, 50 scenes, ≥ 0.04 × plain route | {editor:.4f} | {verdict(editor >= 0.04)} |")
    base = editor_rows[50]["cpu"]
    for n, want in ((25, 0.5), (100, 2.0)):
        if n in editor_rows:
            ratio = editor_rows[n]["cpu"] / base
            print(f"| editor CPU, {n} ÷ 50 scenes = {want} within 20 % | {ratio:.2f} | {verdict(abs(ratio / want - 1) <= 0.2)} |")
# Least squares over the sizes: CPU a request = fixed + per scene × scenes.
if len(SIZES) >= 2:
    xs, ys = SIZES, [editor_rows[n]["cpu"] for n in SIZES]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    print(f"\nEditor's query, fitted over {len(SIZES)} sizes: {my - slope * mx:,.0f} µs of CPU a request, plus {slope:,.1f} µs a scene (with its two choices).")
