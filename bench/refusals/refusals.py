"""Times the server's refusal of each hostile request of issue 10 (release build, loopback).

Each attack is sent `ROUNDS` times; the table gives the median and the worst time in ms, and the
ratio to a plain `{ __typename }` measured in the same run (these machines are shared and noisy:
compare ratios, not absolute times). Every answer must be the expected refusal.
"""
import json, os, statistics, sys, time, urllib.error, urllib.request

URL = sys.argv[1]
ROUNDS = int(os.environ.get("ROUNDS", "20"))


def post(body: bytes, content_type="application/json"):
    request = urllib.request.Request(URL, data=body, headers={"Content-Type": content_type})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            text = response.read().decode()
    except urllib.error.HTTPError as error:  # a 400 answer is a refusal too
        text = error.read().decode()
    return (time.perf_counter() - started) * 1000, text


def query(text, variables=None):
    return json.dumps({"query": text, "variables": variables or {}}).encode()


def fan_out(levels):
    q = "{ ...F1 }"
    for level in range(1, levels + 1):
        nxt = "" if level == levels else f" ...F{level + 1} ...F{level + 1}"
        q += f" fragment F{level} on Query {{ __typename{nxt} }}"
    return q


nested = "allScenarios { scenesList { choices { toSceneId { title } } } }"
attacks = [
    ("{ __typename } (baseline)", query("{ __typename }"), '"__typename"'),
    ("5,000 nested lists in an argument (10 KB)", query("{ node(id: " + "[" * 5000 + "1" + "]" * 5000 + ") { id } }"), "MAX_DOCUMENT_NESTING"),
    ("5,000 nested object literals", query("{ node(id: " + "{a:" * 5000 + "1" + "}" * 5000 + ") { id } }"), "MAX_DOCUMENT_NESTING"),
    ("3,000 nested selections", query("{ me " * 3000 + "}" * 3000), "MAX_DOCUMENT_NESTING"),
    ("2,000 nested inline fragments", query("{ " + "... on Query { " * 2000 + "__typename" + " }" * 2000 + " }"), "MAX_DOCUMENT_NESTING"),
    ("fragment fan-out, 30 levels (2 KB)", query(fan_out(30)), "exceeds MAX_QUERY"),
    ("1,000 aliases of allScenarios (70 KB)", query("{ " + " ".join(f"a{i}: {nested}" for i in range(1000)) + " }"), "MAX_ALIASES"),
    ("2,000 aliases of scenesByScenario", query("{ " + " ".join(f'a{i}: scenesByScenario(scenarioId: "65ab00000000000000000000") {{ title }}' for i in range(2000)) + " }"), "MAX_ALIASES"),
    ("5,000 nested lists in variables (400 Malformed JSON)", b'{"query": "query($v: [ID]) { __typename }", "variables": {"v": ' + b"[" * 5000 + b"]" * 5000 + b"}}", "json"),
]

rows, baseline = [], None
for name, body, expected in attacks:
    times = []
    for _ in range(ROUNDS):
        ms, text = post(body)
        if expected.lower() not in text.lower():
            sys.exit(f"{name}: unexpected answer {text[:300]}")
        times.append(ms)
    median = statistics.median(times)
    baseline = baseline or median
    rows.append((name, len(body), median, max(times), median / baseline))

print(f"| request | bytes | median ms | worst ms | × `{{ __typename }}` |")
print("|---|---|---|---|---|")
for name, size, median, worst, ratio in rows:
    print(f"| {name} | {size:,} | {median:.1f} | {worst:.1f} | {ratio:.1f} |")
worst = max(r[3] for r in rows[1:])
print(f"\nworst refusal: {worst:.1f} ms ({'under' if worst < 50 else 'OVER'} the 50 ms goal)")
