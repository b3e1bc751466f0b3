"""Two servers side by side (bench/ab.sh starts them): the same requests sent to each in turn, round
after round, so that both see the same phases of this shared machine; prints each request's server
CPU a request, the median of the rounds and their range, for A and for B.

Usage: sidebyside.py EMAIL PASSWORD URL_A PID_A URL_B PID_B  (BENCH_ROUNDS, BENCH_SCENES, BENCH_DURATION)
"""
import os, statistics, sys

email, password, servers = sys.argv[1], sys.argv[2], [(sys.argv[3], sys.argv[4]), (sys.argv[5], sys.argv[6])]
sys.argv = [sys.argv[0], servers[0][0], email, password]
import common
from common import EDITOR, SIZES, ROUNDS, body, lua_post, login, make_story, wrk


def use(server):
    common.BASE, common.URL = server[0], server[0] + "/graphql/"
    os.environ["BENCH_SERVER_PID"] = server[1]


setups = []
for server in servers:
    use(server)
    token = login(email, password)
    setups.append((token, {n: make_story(token, n)[0] for n in SIZES}))

requests = [("plain HTTP route", "/media/none", None, None)]
requests.append(("`{ __typename }`", "/graphql/", "{ __typename }", None))
requests += [(f"editor, {n} scenes", "/graphql/", EDITOR, n) for n in SIZES]
cpu = {(name, side): [] for name, *_ in requests for side in (0, 1)}
for round in range(ROUNDS):
    for name, path, query, size in requests:
        for side in ((0, 1) if round % 2 == 0 else (1, 0)):
            use(servers[side])
            token, stories = setups[side]
            script = None if query is None else lua_post([body(query, {"id": stories[size]} if size else None)], token)
            cpu[(name, side)].append(wrk(name, path, script)["cpu"])

print(f"{ROUNDS} rounds, A and B alternating (which goes first alternates too); server CPU µs a request, median (range)\n")
print("| request | A | B | B ÷ A |")
print("|---|---|---|---|")
for name, *_ in requests:
    a, b = cpu[(name, 0)], cpu[(name, 1)]
    ma, mb = statistics.median(a), statistics.median(b)
    print(f"| {name} | {ma:,.0f} ({min(a):,.0f}–{max(a):,.0f}) | {mb:,.0f} ({min(b):,.0f}–{max(b):,.0f}) | {mb / ma:.3f} |")
for side, label in ((0, "A"), (1, "B")):
    if 25 in SIZES and 50 in SIZES:
        ratios = sorted(x / y for x, y in zip(cpu[("editor, 25 scenes", side)], cpu[("editor, 50 scenes", side)]))
        print(f"\n{label}: editor CPU 25 ÷ 50 scenes, median of rounds {statistics.median(ratios):.3f} (rounds {ratios[0]:.2f}–{ratios[-1]:.2f})", end="")
print()
