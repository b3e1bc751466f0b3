"""Where the fixed cost of a request goes: the same root field asked for with one more piece each time
(a token, a root field with an argument, a store read, the scenario's scenes, their choices, the editor's
fields), each measured with wrk like the harness, so that the differences between rows price each piece.

Usage: breakdown.py BASE_URL ADMIN_EMAIL ADMIN_PASSWORD  (`BENCH_BREAKDOWN=1 bench/run.sh` starts the server)
"""
from common import *

admin = login(EMAIL, PASSWORD)
scenes = SIZES[0]
scenario, _, _ = make_story(admin, scenes)
by_id = "query($id: ID!) { scenarioById(scenarioId: $id) { %s } }"
steps = [
    ("`{ __typename }`, anonymous", "{ __typename }", None, None),
    ("+ a token (its user read from the store)", "{ __typename }", None, admin),
    ("+ a root field with an ID argument, refused before the store (not an id)", by_id % "mongoId", {"id": "zz"}, admin),
    ("+ a store read (an id that is not there)", by_id % "mongoId", {"id": "0123456789abcdef01234567"}, admin),
    ("the scenario found, `mongoId` only", by_id % "mongoId", {"id": scenario}, admin),
    (f"+ `scenesList {{ mongoId }}` ({scenes} scenes)", by_id % "mongoId scenesList { mongoId }", {"id": scenario}, admin),
    ("+ `choices { mongoId }` (two a scene)", by_id % "mongoId scenesList { mongoId choices { mongoId } }", {"id": scenario}, admin),
    ("the editor's `GetScenarioById`", EDITOR, {"id": scenario}, admin),
]
rows = [wrk("plain HTTP route (404 under /media/)", "/media/none")]
rows += [wrk(name, "/graphql/", lua_post([body(query, variables)], token)) for name, query, variables, token in steps]
print(f"Story of {scenes} scenes; wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION}. Differences under ~30 µs are within "
      "this machine's run-to-run spread.\n")
print("| request | req/s | server CPU µs/request | more than the row above | store calls/request |")
print("|---|---|---|---|---|")
previous = None
for r in rows:
    more = "" if previous is None else f"{r['cpu'] - previous:+,.0f}"
    print(f"| {r['name']} | {r['rate']:,.0f} | {r['cpu']:,.0f} | {more} | {r['calls']:.2f} |")
    previous = r["cpu"]
