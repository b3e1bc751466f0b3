"""Hypothesis fuzzing of what a schema-driven fuzzer does not send: deep nesting of every bracketed
construct, fragment graphs (fan-out chains, cycles), aliases, odd request bodies, nested JSON in
variables, and malformed multipart requests. Every example must get a GraphQL JSON answer (no 5xx)
within FUZZ_REQUEST_TIMEOUT seconds, and the server must stay up (test_zz_alive.py).

Sizes stay small enough that a server with proper limits answers each in milliseconds: nesting up to
a few thousand levels (the JSON body limit is 1 MB), fragment chains up to 40 fragments."""
from __future__ import annotations

import json
import uuid

from hypothesis import example, given, strategies as st

from conftest import check_graphql_response, send
from settings import fuzz_settings

MAX_DEPTH = 6000  # a server that recurses per level must bound its parser well below this


def post(server, body, token=None, **kw):
    headers = kw.pop("headers", {})
    if token:
        headers["Authorization"] = f"JWT {token}"
    response = send(server, "POST", json=body, headers=headers, **kw)
    return check_graphql_response(response)


# ---------------------------------------------------------------------------------------------
# Deep nesting

def nested(kind: str, depth: int) -> str:
    """A query nesting one construct `depth` times."""
    if kind == "selection":
        return "{" + "a{" * depth + "b" + "}" * depth + "}"
    if kind == "list_argument":
        return "{ node(id: " + "[" * depth + '"x"' + "]" * depth + ") { id } }"
    if kind == "object_argument":
        return "{ node(id: " + "{a:" * depth + "1" + "}" * depth + ") { id } }"
    if kind == "inline_fragment":
        return "{" + "... on Query {" * depth + "__typename" + "}" * depth + "}"
    if kind == "variable_type":
        return "query($v: " + "[" * depth + "Int" + "]" * depth + ") { __typename }"
    if kind == "default_value":
        return "query($v: JSONString = " + "[" * depth + "1" + "]" * depth + ") { __typename }"
    if kind == "directive_argument":
        return "{ __typename @include(if: " + "[" * depth + "true" + "]" * depth + ") }"
    if kind == "parentheses":
        return "{ node" + "(" * depth + "id: 1" + ")" * depth + " { id } }"
    if kind == "unclosed":
        return "{" * depth
    if kind == "unopened":
        return "}" * depth
    raise ValueError(kind)


KINDS = ["selection", "list_argument", "object_argument", "inline_fragment", "variable_type",
         "default_value", "directive_argument", "parentheses", "unclosed", "unopened"]


@given(kind=st.sampled_from(KINDS), depth=st.integers(1, MAX_DEPTH))
@example(kind="selection", depth=5000)
@example(kind="list_argument", depth=5000)
@example(kind="object_argument", depth=5000)
@example(kind="inline_fragment", depth=2000)
@example(kind="variable_type", depth=5000)
@fuzz_settings(0.15)
def test_deep_nesting(server, kind, depth):
    post(server, {"query": nested(kind, depth)})


@st.composite
def bracket_soup(draw):
    """Random runs of brackets, braces and parentheses, balanced or not, around real query text."""
    pieces = draw(st.lists(st.tuples(
        st.sampled_from(["{", "}", "[", "]", "(", ")", "{a", "a:", "...on Query{", '"', "$v", "@include(if:true)", " "]),
        st.integers(1, 1500)), min_size=1, max_size=6))
    return "".join(p * n for p, n in pieces)


@given(text=bracket_soup(), prefix=st.sampled_from(["", "query ", "mutation ", "{ __typename ", "query($v: Int) "]))
@fuzz_settings(0.08)
def test_bracket_soup(server, prefix, text):
    post(server, {"query": prefix + text})


def nest_json(depth: int, container: str):
    value: object = 1
    for _ in range(depth):
        value = [value] if container == "list" else {"a": value}
    return value


@given(depth=st.one_of(st.integers(1, 40), st.integers(1, 3000)), container=st.sampled_from(["list", "object"]),
       variable_type=st.sampled_from(["JSONString", "ID", "[ID!]", "SceneInput", "PositionInput"]))
@example(depth=25, container="object", variable_type="JSONString")  # 150 bytes
@example(depth=3000, container="list", variable_type="JSONString")
@example(depth=3000, container="object", variable_type="SceneInput")
@fuzz_settings(0.06)
def test_nested_json_variables(server, depth, container, variable_type):
    """Nested JSON in variables, used and unused: decoded by the HTTP layer, then coerced."""
    query = f"query($v: {variable_type}) {{ node(id: \"x\") {{ id }} __typename }}"
    post(server, {"query": query, "variables": {"v": nest_json(depth, container)}})


# ---------------------------------------------------------------------------------------------
# Fragments

@st.composite
def fragment_documents(draw):
    """A random fragment graph on Query: each fragment selects __typename and spreads others
    (forward edges give fan-out DAGs, backward edges cycles), sometimes undefined or duplicated."""
    count = draw(st.integers(1, 40))
    allow_cycles = draw(st.booleans())
    lines = []
    for i in range(count):
        targets = list(range(count)) if allow_cycles else list(range(i + 1, count))
        spreads = draw(st.lists(st.sampled_from(targets), max_size=4)) if targets else []
        extra = draw(st.sampled_from(["", " me { id }", " alias: __typename", " ...on Query { __typename }", " ...Missing"]))
        lines.append(f"fragment F{i} on Query {{ __typename{extra} " + " ".join(f"...F{t}" for t in spreads) + " }")
    if draw(st.booleans()):
        lines.append(lines[draw(st.integers(0, count - 1))])  # a duplicate definition
    roots = draw(st.lists(st.integers(0, count - 1), min_size=1, max_size=3))
    return "query Q { " + " ".join(f"...F{r}" for r in roots) + " }\n" + "\n".join(lines)


def fan_out_chain(length: int, fan_out: int, cycle: bool = False) -> str:
    """F0 spreads F1 `fan_out` times, F1 spreads F2 … : fan_out**length paths to walk naively."""
    lines = [f"fragment F{i} on Query {{ __typename " + " ".join([f"...F{i + 1}"] * fan_out) + " }" for i in range(length)]
    lines.append(f"fragment F{length} on Query {{ __typename" + (" ...F0" if cycle else "") + " }")
    return "query Q { ...F0 }\n" + "\n".join(lines)


@given(length=st.integers(1, 40), fan_out=st.integers(1, 3), cycle=st.booleans())
@example(length=30, fan_out=2, cycle=False)
@example(length=30, fan_out=2, cycle=True)
@fuzz_settings(0.06)
def test_fragment_fan_out(server, length, fan_out, cycle):
    post(server, {"query": fan_out_chain(length, fan_out, cycle)})


@given(document=fragment_documents())
@fuzz_settings(0.08)
def test_fragment_graphs(server, document):
    post(server, {"query": document, "operationName": "Q"})


# ---------------------------------------------------------------------------------------------
# Aliases and operations

FIELDS = ["__typename", "me { id }", "allScenarios { id title }", "publicAssets { id }",
          "node(id: \"x\") { id }", "allUsers { email }", "__schema { queryType { name } }",
          "myProgress { id }", "generationJobs { id }"]


@given(aliases=st.lists(st.tuples(st.sampled_from(["a", "b", "x1", "__typename", "me", "data", "errors"]),
                                  st.sampled_from(FIELDS)), min_size=1, max_size=60),
       repeat=st.integers(1, 40), authenticated=st.booleans())
@fuzz_settings(0.08)
def test_aliases(server, admin_token, aliases, repeat, authenticated):
    """Aliases, colliding or not (conflicting ones must be refused by validation), repeated."""
    selection = " ".join(f"{name}{i}: {field}" if i % 3 else f"{name}: {field}"
                         for i, (name, field) in enumerate(aliases * repeat))
    post(server, {"query": "{ " + selection + " }"}, token=admin_token if authenticated else None)


@given(operations=st.lists(st.sampled_from(["query A { __typename }", "query A { me { id } }", "mutation B { __typename }",
                                            "{ __typename }", "subscription S { __typename }", "query { x }",
                                            "mutation M($e: String!) { login(email: $e, password: \"p\") { success } }"]),
                           min_size=1, max_size=8),
       operation_name=st.one_of(st.none(), st.sampled_from(["A", "B", "M", "S", "", "Nope"]), st.text(max_size=10)))
@example(operations=["{ __typename }", "{ __typename }"], operation_name=None)
@fuzz_settings(0.04)
def test_operation_selection(server, operations, operation_name):
    post(server, {"query": "\n".join(operations), "operationName": operation_name, "variables": {"e": "a@b.c"}})


# ---------------------------------------------------------------------------------------------
# Request bodies

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20)
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20)


@given(body=st.one_of(
    json_values,
    st.fixed_dictionaries({"query": st.one_of(st.text(max_size=50), json_values)},
                          optional={"variables": json_values, "operationName": json_values, "extensions": json_values}),
    st.lists(st.fixed_dictionaries({"query": st.just("{ __typename }")}), max_size=3)),
    content_type=st.sampled_from(["application/json", "application/graphql", "text/plain", "application/json; charset=latin1", None]))
@fuzz_settings(0.06)
def test_request_bodies(server, body, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    data = json.dumps(body).encode()
    check_graphql_response(send(server, "POST", data=data, headers=headers))


@given(query=st.one_of(st.text(max_size=60), st.just("{ __typename }"), st.just("mutation { __typename }")),
       variables=st.one_of(st.none(), st.text(max_size=30), json_values.map(json.dumps)))
@fuzz_settings(0.04)
def test_get_requests(server, query, variables):
    params = {"query": query}
    if variables is not None:
        params["variables"] = variables
    check_graphql_response(send(server, "GET", params=params))


# ---------------------------------------------------------------------------------------------
# Multipart (GraphQL multipart request spec)

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")

UPLOAD = "mutation($f: Upload!, $g: Upload) { uploadAsset(file: $f, type: \"image\", name: \"fuzz\") { success message } }"
MULTI = "mutation($files: [Upload], $f: Upload!) { uploadAsset(file: $f, type: \"sound\", name: \"x\") { success } }"

paths = st.one_of(
    st.sampled_from(["variables.f", "variables.g", "variables.files.0", "variables.files.1", "variables.files.9",
                     "variables", "variables.", "f", "", "variables.f.0", "variables.x.y.z", "query", "variables.f.a"]),
    st.text(max_size=20))


@st.composite
def multipart_requests(draw):
    """Parts of a multipart request: `operations`, `map` and files, each possibly malformed, reordered or missing."""
    variables = draw(st.one_of(
        st.just({"f": None}), st.just({"f": None, "g": None}), st.just({"files": [None, None], "f": None}),
        st.just({"f": "not null"}), st.just({}), json_values))
    operations = draw(st.one_of(
        st.just({"query": UPLOAD, "variables": variables}).map(json.dumps),
        st.just({"query": MULTI, "variables": variables}).map(json.dumps),
        st.just([{"query": UPLOAD, "variables": variables}]).map(json.dumps),
        st.just({"variables": variables}).map(json.dumps),
        json_values.map(json.dumps), st.text(max_size=40)))
    file_names = draw(st.lists(st.sampled_from(["0", "1", "2", "file", "", "a b", "0"]), max_size=4))
    mapping = draw(st.one_of(
        st.dictionaries(st.sampled_from(["0", "1", "2", "file", "missing"]), st.lists(paths, max_size=4), max_size=4).map(json.dumps),
        st.just(json.dumps({"0": ["variables.f", "variables.g", "variables.files.0"]})),
        json_values.map(json.dumps), st.text(max_size=30)))
    files = [(name, draw(st.sampled_from([PNG, b"", b"GIF89a", b"\x00" * 100, b"ID3\x03hello", b"%PDF-1.4"])) +
              draw(st.binary(max_size=64))) for name in file_names]
    parts = [("operations", operations.encode()), ("map", mapping.encode())]
    if draw(st.booleans()):
        parts = [p for p in parts if draw(st.booleans())]
    parts += [(name, content) for name, content in files]
    order = draw(st.permutations(range(len(parts)))) if draw(st.booleans()) else range(len(parts))
    return [parts[i] for i in order]


def encode_multipart(parts, boundary: str, mangle: str) -> bytes:
    out = b""
    for name, content in parts:
        disposition = f'form-data; name="{name}"'
        if name not in ("operations", "map"):
            disposition += f'; filename="{name or "x"}.png"'
        header = f"--{boundary}\r\nContent-Disposition: {disposition}\r\n"
        if name not in ("operations", "map"):
            header += "Content-Type: application/octet-stream\r\n"
        out += header.encode() + b"\r\n" + content + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    if mangle == "truncate":
        out = out[: len(out) // 2]
    elif mangle == "no_final_boundary":
        out = out[: out.rfind(b"--" + boundary.encode())]
    elif mangle == "lf_only":
        out = out.replace(b"\r\n", b"\n")
    elif mangle == "no_disposition":
        out = out.replace(b"Content-Disposition", b"Content-Foo", 1)
    return out


@given(parts=multipart_requests(),
       mangle=st.sampled_from(["none", "none", "none", "truncate", "no_final_boundary", "lf_only", "no_disposition"]),
       boundary_header=st.sampled_from(["ok", "ok", "ok", "missing", "quoted", "mismatch", "empty"]),
       preflight=st.sampled_from([True, True, True, False]), authenticated=st.sampled_from([True, True, True, False]))
@fuzz_settings(0.15)
def test_multipart(server, admin_token, parts, mangle, boundary_header, preflight, authenticated):
    boundary = "fuzz" + uuid.uuid4().hex
    body = encode_multipart(parts, boundary, mangle)
    content_type = {
        "ok": f"multipart/form-data; boundary={boundary}", "missing": "multipart/form-data",
        "quoted": f'multipart/form-data; boundary="{boundary}"', "mismatch": "multipart/form-data; boundary=other",
        "empty": "multipart/form-data; boundary=",
    }[boundary_header]
    headers = {"Content-Type": content_type}
    if preflight:
        headers["Apollo-Require-Preflight"] = "true"
    if authenticated:
        headers["Authorization"] = f"JWT {admin_token}"
    check_graphql_response(send(server, "POST", data=body, headers=headers))


def test_multipart_one_file_for_several_variables(server, admin_token):
    """The spec allows one file for several paths; we refuse it (issue 10: one file stored many
    times), with a GraphQL error naming the file, not a crash or a 5xx."""
    boundary = "fuzzboundary"
    parts = [("operations", json.dumps({"query": "mutation($a: Upload!, $b: Upload!) { a: uploadAsset(file: $a, type: \"image\", name: \"a\") { success message } "
                                        "b: uploadAsset(file: $b, type: \"image\", name: \"b\") { success message } }",
                                        "variables": {"a": None, "b": None}}).encode()),
             ("map", json.dumps({"0": ["variables.a", "variables.b"]}).encode()), ("0", PNG)]
    payload = check_graphql_response(send(server, "POST", data=encode_multipart(parts, boundary, "none"), headers={
        "Content-Type": f"multipart/form-data; boundary={boundary}", "Apollo-Require-Preflight": "true",
        "Authorization": f"JWT {admin_token}"}))
    assert payload.get("data") or "mapped to 2 paths" in json.dumps(payload), payload


@given(count=st.integers(2, 10), body=st.sampled_from(["__typename", "a", "me { id }", "...F"]),
       named=st.booleans())
@fuzz_settings(0.05)
def test_several_anonymous_operations(server, count, body, named):
    """Documents with several anonymous operations (invalid: validation must refuse them). The
    validator's dictionaries keyed by AST nodes have crashed on these, depending on the process's
    random hash seed, so many are sent."""
    operations = ["{ " + body + " }"] * count + (["query N { __typename }"] if named else [])
    post(server, {"query": "\n".join(operations) + "\nfragment F on Query { __typename }"})
