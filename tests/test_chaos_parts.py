"""The arithmetic of `make chaos` (bench/chaos_summary.py), checked without Neo4j.

The report's figures and pass/fail lines come from these functions, so each goal is
tested both ways on hand-made outcomes whose counts are plain to see.
"""

from __future__ import annotations

from typing import Any

from bench.chaos import MAX_EXTENSION_S, Clock, backoff_s, rate_limits_raised
from bench.chaos_summary import (
    Kill,
    Outcome,
    access_lines,
    error_reports,
    failure_is_allowed,
    incidents,
    log_mechanisms,
    outcome_from_body,
    recoveries,
    reports_near,
    server_side,
    summarize,
)


def ok(op: str, start: float, end: float, id_: str) -> Outcome:
    return Outcome(op, 0, start, end, 200, acked_id=id_)


def unavailable(start: float, end: float) -> Outcome:
    return Outcome("addCredential", 1, start, end, 200, top_codes=("SERVICE_UNAVAILABLE",))


def http_500(start: float, end: float) -> Outcome:
    return Outcome("addCredential", 2, start, end, 500, detail="Internal Server Error")


def reset(start: float, end: float) -> Outcome:
    return Outcome("updateStakeholder", 3, start, end, None, transport="RemoteProtocolError",
                   detail="Server disconnected without sending a response.")


def goal(summary: Any, starts: str) -> Any:
    return next(g for g in summary.goals if g.name.startswith(starts))


# -- reading responses -----------------------------------------------------------------

def test_an_acknowledged_write_has_its_id() -> None:
    body = {"data": {"addCredential": {"credential": {"id": "c-1"}, "errors": []}}}
    outcome = outcome_from_body("addCredential", 0, 1.0, 1.2, 200, body)
    assert outcome.acknowledged and outcome.acked_id == "c-1"
    assert outcome.kind == "ok" and outcome.codes == ()


def test_payload_errors_are_not_an_acknowledgement() -> None:
    body = {"data": {"updateStakeholder": {"stakeholder": None, "errors": [
        {"code": "RATE_LIMITED", "message": "slow down", "field": None}]}}}
    outcome = outcome_from_body("updateStakeholder", 0, 1.0, 1.2, 200, body)
    assert not outcome.acknowledged
    assert outcome.payload_codes == ("RATE_LIMITED",)
    assert failure_is_allowed(outcome)


def test_top_level_codes_and_missing_codes() -> None:
    body = {"data": None, "errors": [
        {"message": "down", "extensions": {"code": "SERVICE_UNAVAILABLE"}},
        {"message": "no code at all"}]}
    outcome = outcome_from_body("addCredential", 0, 1.0, 1.2, 200, body)
    assert outcome.top_codes == ("SERVICE_UNAVAILABLE", "NO_CODE")
    assert not failure_is_allowed(outcome)  # one code the client cannot act on spoils it
    assert outcome.kind == "HTTP 200 NO_CODE,SERVICE_UNAVAILABLE"


def test_an_id_next_to_an_error_is_not_acknowledged() -> None:
    body = {"data": {"addCredential": {"credential": {"id": "c-1"}, "errors": []}},
            "errors": [{"message": "partial", "extensions": {"code": "TIMEOUT"}}]}
    assert not outcome_from_body("addCredential", 0, 0, 1, 200, body).acknowledged


def test_a_plain_text_500() -> None:
    outcome = outcome_from_body("register", 0, 1.0, 1.2, 500, "Internal Server Error")
    assert outcome.status == 500 and outcome.codes == () and not outcome.acknowledged
    assert outcome.detail == "Internal Server Error"
    assert outcome.kind == "HTTP 500 no code"
    assert not failure_is_allowed(outcome)


def test_transport_errors_are_labelled_by_class() -> None:
    assert reset(1, 2).kind == "transport RemoteProtocolError"
    assert not failure_is_allowed(reset(1, 2))


# -- recovery after a kill ---------------------------------------------------------------

def test_recovery_counts_writes_sent_after_the_kill_only() -> None:
    outcomes = [
        ok("addCredential", 9.0, 10.5, "in-flight"),  # sent before the kill at 10: ignored
        unavailable(11.0, 13.0),
        ok("addCredential", 12.0, 21.0, "first"),     # waited in the driver, then succeeded
        ok("addCredential", 21.5, 22.0, "later"),
    ]
    [rec] = recoveries(outcomes, [Kill(at_s=10.0, pid=1, ready_s=19.5)])
    assert rec.first_ack_s == 21.0
    assert rec.after_ready_s == 1.5
    assert rec.outage_s == 11.0


def test_recovery_can_beat_the_readiness_probe_and_can_be_missing() -> None:
    outcomes = [ok("addCredential", 15.0, 19.2, "a")]
    first, second = recoveries(outcomes, [Kill(10.0, 1, ready_s=19.5), Kill(30.0, 2, 40.0)])
    assert first.after_ready_s == -0.3  # the API got in before our 0.5 s probe saw Bolt
    assert second.first_ack_s is None and second.after_ready_s is None


# -- the summary and its goals -----------------------------------------------------------

def run() -> list[Outcome]:
    return [
        ok("register", 0.0, 0.1, "s-1"),
        ok("addCredential", 0.2, 0.3, "c-1"),
        ok("updateStakeholder", 0.4, 0.5, "s-1"),
        unavailable(10.1, 12.0),
        http_500(10.2, 12.5),
        http_500(10.3, 12.6),
        reset(10.4, 10.5),
        ok("addCredential", 14.0, 21.0, "c-2"),
    ]


def test_counts() -> None:
    s = summarize(run(), [Kill(10.0, 1, ready_s=20.0)], lost_ids=[], committed_unacknowledged=2)
    assert s.requests == 8
    assert s.by_op == {"register": 1, "addCredential": 5, "updateStakeholder": 2}
    assert s.acknowledged == 4
    assert s.acknowledged_by_op == {"register": 1, "addCredential": 2, "updateStakeholder": 1}
    assert s.status_counts == {"200": 5, "500": 2, "none": 1}
    assert s.transport_errors == {"RemoteProtocolError": 1}
    assert s.top_codes == {"SERVICE_UNAVAILABLE": 1}
    assert s.payload_codes == {}
    assert s.disallowed_failures == 3  # two 500s and the reset; SERVICE_UNAVAILABLE is fine
    assert s.kinds["addCredential: HTTP 500 no code"] == 2
    assert s.committed_unacknowledged == 2
    assert s.recoveries[0]["after_ready_s"] == 1.0


def test_goals_fail_on_500s_resets_and_codes() -> None:
    s = summarize(run(), [Kill(10.0, 1, ready_s=20.0)], lost_ids=[])
    assert goal(s, "HTTP 500").passed is False and goal(s, "HTTP 500").value == "2"
    assert goal(s, "connection resets").passed is False
    assert goal(s, "failures with only").passed is False
    assert goal(s, "failures with only").value.startswith("1 ")  # 1 of 4 failures allowed
    assert goal(s, "acknowledged writes lost").passed is True
    assert goal(s, "first write within").passed is True
    assert goal(s, "Neo4j killed").passed is True
    assert not s.passed


def test_a_clean_run_passes_every_goal() -> None:
    clean = [o for o in run() if o.status == 200]
    s = summarize(clean, [Kill(10.0, 1, ready_s=20.0)], lost_ids=[])
    assert [g.name for g in s.goals if not g.passed] == []
    assert s.passed
    assert s.as_dict()["passed"] is True


def test_lost_writes_fail_and_are_counted_once() -> None:
    s = summarize(run(), [Kill(10.0, 1, ready_s=20.0)], lost_ids=["c-2", "c-2", "c-1"])
    assert s.lost == 2 and s.lost_ids == ["c-1", "c-2"]
    assert goal(s, "acknowledged writes lost").passed is False


def test_slow_or_missing_recovery_fails() -> None:
    slow = summarize(run(), [Kill(10.0, 1, ready_s=15.0)], lost_ids=[])  # first write at 21
    assert goal(slow, "first write within").passed is False
    assert goal(slow, "first write within").value == "6 s"
    never = summarize(run()[:7], [Kill(10.0, 1, ready_s=20.0)], lost_ids=[])
    assert goal(never, "first write within").passed is False
    assert goal(never, "first write within").value == "none"


def test_no_kill_or_a_failed_restart_fails() -> None:
    assert goal(summarize(run(), [], lost_ids=[]), "Neo4j killed").passed is False
    assert goal(summarize(run(), [], lost_ids=[]), "first write within").passed is False
    failed = Kill(10.0, 1, ready_s=None, restart_error="LocalNeo4jError: ...")
    assert goal(summarize(run(), [failed], lost_ids=[]), "Neo4j killed").passed is False


# -- the client's manners and the server's settings -------------------------------------

def test_backoff_follows_retry_after_within_a_second() -> None:
    assert backoff_s("0.5") == 0.5
    assert backoff_s("30") == 1.0
    assert backoff_s(None) == 0.2
    assert backoff_s("Wed, 21 Oct 2026 07:28:00 GMT") == 0.2  # an HTTP date: not worth parsing


def test_every_rate_limit_setting_is_raised() -> None:
    raised = rate_limits_raised()
    assert raised["REGISTER_RATE_LIMIT"] == "1000000"
    assert all(name.endswith("_RATE_LIMIT") for name in raised)


# -- the server's log ------------------------------------------------------------------

ROOT = "/work/tree"
LOG = f"""\
[  10.100] INFO:     127.0.0.1:1 - "POST /graphql HTTP/1.1" 500 Internal Server Error
[  10.101] ERROR:    Exception in ASGI application
[  10.101] Traceback (most recent call last):
[  10.101]   File "/venv/neo4j/_bolt_socket.py", line 276, in _connect
[  10.101]     await wait_for(loop.sock_connect(s, address), timeout)
[  10.101] ConnectionRefusedError: [Errno 111] Connect call failed ('127.0.0.1', 7793)
[  10.101]
[  10.101] The above exception was the direct cause of the following exception:
[  10.101]
[  10.101] Traceback (most recent call last):
[  10.101]   File "/venv/starlette/errors.py", line 164, in __call__
[  10.101]   File "{ROOT}/api/app.py", line 52, in get_context
[  10.101]     actor = await self._actor(request, db)
[  10.101]   File "{ROOT}/graph/db.py", line 61, in _faults
[  10.101] graph.errors.DatabaseUnavailable: Couldn't connect to 127.0.0.1:7793:
[  10.101] Failed to establish connection (reason [Errno 111] Connect call failed)
[  10.300] WARNING lermap.api: neo4j unavailable at ['addCredential']: Couldn't connect
[  10.400] INFO:     127.0.0.1:2 - "POST /graphql HTTP/1.1" 200 OK
[  11.000] INFO:     127.0.0.1:2 - "POST /graphql HTTP/1.1" 504 Gateway Timeout
[  12.000] INFO:     127.0.0.1:3 - "POST /graphql HTTP/1.1" 500 Internal Server Error
[  12.001] ERROR:    Exception in ASGI application
[  12.001] Traceback (most recent call last):
[  12.001] ConnectionRefusedError: [Errno 111] Connect call failed ('127.0.0.1', 7793)
[  12.001]
[  12.001] The above exception was the direct cause of the following exception:
[  12.001]
[  12.001] Traceback (most recent call last):
[  12.001]   File "{ROOT}/api/app.py", line 52, in get_context
[  12.001]   File "{ROOT}/graph/db.py", line 61, in _faults
[  12.001] graph.errors.DatabaseUnavailable: Couldn't connect to 127.0.0.1:7793:
""".splitlines()


def test_tracebacks_become_one_signature_per_mechanism() -> None:
    reports = error_reports(LOG, ROOT)
    assert len(reports) == 2
    first = reports[0]
    assert first.at_s == 10.101
    assert first.exceptions == ["ConnectionRefusedError", "graph.errors.DatabaseUnavailable"]
    assert first.frames == ["api/app.py:52 get_context", "graph/db.py:61 _faults"]
    assert reports[1].signature == first.signature
    assert "DatabaseUnavailable (from ConnectionRefusedError)" in first.signature
    assert "api/app.py:52 get_context > graph/db.py:61 _faults" in first.signature


def test_log_mechanisms_count_tracebacks_warnings_and_5xx() -> None:
    counts = log_mechanisms(LOG, ROOT)
    assert counts["access 500 /graphql"] == 2
    assert counts["ERROR  Exception in ASGI application"] == 2
    traceback_counts = {k: n for k, n in counts.items() if k.startswith("traceback: ")}
    assert list(traceback_counts.values()) == [2]
    assert any(k.startswith("WARNING lermap.api: neo4j unavailable") for k in counts)
    assert not any("200 OK" in k for k in counts)


def test_the_traceback_nearest_a_request_end_is_its_mechanism() -> None:
    reports = error_reports(LOG, ROOT)
    near = reports_near(reports, started_s=9.0, ended_s=12.0, limit=1)
    assert near and near[0].startswith("[12.001] ")
    assert reports_near(reports, started_s=20.0, ended_s=21.0) == []


def test_a_500_is_matched_to_its_own_traceback_through_the_access_line() -> None:
    reports = error_reports(LOG, ROOT)
    first = Outcome("addCredential", 0, 9.0, 10.11, 500, client_port=1)
    assert server_side(first, access_lines(LOG), reports) == ("access line", reports[0].signature)
    second = Outcome("addCredential", 0, 10.5, 12.01, 500, client_port=3)
    how, signature = server_side(second, access_lines(LOG), reports)
    assert how == "access line" and signature == reports[1].signature


def test_a_504_has_an_access_line_and_no_traceback() -> None:
    reports = error_reports(LOG, ROOT)
    timeout = Outcome("addCredential", 0, 1.0, 11.01, 504, top_codes=("TIMEOUT",),
                      client_port=2)
    assert server_side(timeout, access_lines(LOG), reports) == ("access line", None)
    elsewhere = Outcome("addCredential", 0, 1.0, 11.01, 504, client_port=9)
    assert server_side(elsewhere, access_lines(LOG), reports) == ("no access line found", None)


def test_without_a_response_the_nearest_traceback_is_a_guess() -> None:
    reports = error_reports(LOG, ROOT)
    how, signature = server_side(reset(11.5, 12.0), access_lines(LOG), reports)
    assert how.startswith("nearest in time") and signature == reports[1].signature


def test_a_reset_after_a_500_on_the_same_worker_names_that_500() -> None:
    """uvicorn closes the connection after logging an unhandled exception: the worker's
    next request, sent on that connection, gets no response."""
    failed = Outcome("addCredential", 5, 10.5, 12.0, 500, client_port=3)
    cut = Outcome("addCredential", 5, 12.2, 12.25, None, transport="ReadError")
    fine = ok("addCredential", 1.0, 1.1, "c-1")
    found = incidents([cut, fine, failed], LOG, ROOT)
    assert found["count"] == 2
    assert [r["kind"] for r in found["requests"]] == ["HTTP 500 no code", "transport ReadError"]
    previous = found["requests"][1]["previous_request"]
    assert previous["client_port"] == 3 and previous["gap_s"] == 0.2
    assert previous["matched_by"] == "access line"
    signature = error_reports(LOG, ROOT)[1].signature
    assert found["groups"] == {
        f"addCredential: HTTP 500 no code <- {signature} (access line)": 1,
        f"addCredential: transport ReadError <- the worker's previous request: HTTP 500, "
        f"{signature} (access line)": 1}


# -- the load's clock --------------------------------------------------------------------

def test_the_load_waits_for_a_restart_but_not_forever() -> None:
    clock = Clock(seconds=0.0)
    assert not clock.running()
    clock.restarting = True
    assert clock.running()  # past the planned end, but Neo4j is coming back
    clock.t0 -= MAX_EXTENSION_S + 1
    assert not clock.running()  # the hard bound holds even then
    clock.restarting = False
    clock.extend_to(10_000)
    assert clock.end_s == MAX_EXTENSION_S


def test_a_stopped_clock_stops_the_load() -> None:
    clock = Clock(seconds=60.0)
    assert clock.running()
    clock.stopped = True
    assert not clock.running()
