"""Runs last: the server never crashed or hung during the run, and answers now."""
from conftest import check_graphql_response, send


def test_server_survived_the_run(server):
    assert not server.incidents, "the server crashed or hung during the run:\n" + "\n".join(
        f"  {i + 1}. {what[:1500]}" for i, what in enumerate(server.incidents))
    assert server.alive(), f"the server is not running ({server.exit_description()})"
    assert server.starts <= 1 or server.external, f"the server was restarted {server.starts - 1} times"


def test_server_answers_typename(server):
    payload = check_graphql_response(send(server, "POST", json={"query": "{ __typename }"}))
    assert payload.get("data") == {"__typename": "Query"}, payload


def test_server_answers_healthz(server):
    response = send(server, "GET", "/healthz")
    assert response.status_code == 200, response.text
