"""What the HTTP benchmarks share (harness.py, breakdown.py): the server's address and credentials
from the command line, wrk's settings and the story sizes from the environment, GraphQL calls, story
creation, and one wrk measurement with the server's CPU and store calls over it.
"""
import json, os, re, subprocess, sys, tempfile, urllib.request

BASE, EMAIL, PASSWORD = sys.argv[1], sys.argv[2], sys.argv[3]
URL = BASE + "/graphql/"
DURATION = os.environ.get("BENCH_DURATION", "8s")
THREADS, CONNECTIONS = os.environ.get("BENCH_THREADS", "2"), os.environ.get("BENCH_CONNECTIONS", "8")
SIZES = [int(n) for n in os.environ.get("BENCH_SCENES", "10,25,50,100,200").split(",")]
ROUNDS = max(1, int(os.environ.get("BENCH_ROUNDS", "3")))


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
