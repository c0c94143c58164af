"""Per-record work split with a forked copy of the process (generator/parallel.py)."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest

from generator import parallel

PARENT = os.getpid()


def square_and_pid(number: int) -> tuple[int, int]:
    return number * number, os.getpid()


def fails_in_the_copy(number: int) -> int:
    if os.getpid() != PARENT:
        raise RuntimeError("the copy fails")
    return number + 1


def fails_on_seven(number: int) -> int:
    if number == 7:
        raise ValueError("seven")
    return number


def threads(monkeypatch, count: int) -> None:
    """What split_map sees of this process's threads (the test runner may have its own)."""
    monkeypatch.setattr(parallel, "threading", SimpleNamespace(active_count=lambda: count))


@pytest.fixture
def small_minimum(monkeypatch):
    monkeypatch.setattr(parallel, "MINIMUM", 10)
    threads(monkeypatch, 1)


def test_results_are_those_of_a_plain_loop_in_order_half_from_a_copy(small_minimum):
    items = list(range(1001))
    results = parallel.split_map(square_and_pid, items)
    assert [square for square, _ in results] == [n * n for n in items]
    pids = [pid for _, pid in results]
    assert set(pids[:500]) == {PARENT}
    assert PARENT not in set(pids[500:])  # the second half came from the copy


def test_a_failing_copy_has_its_half_done_again_here(small_minimum):
    assert parallel.split_map(fails_in_the_copy, list(range(100))) == list(range(1, 101))


def test_an_error_in_this_half_surfaces_and_the_copy_is_stopped(small_minimum, monkeypatch):
    forked = []

    def fork() -> int:
        pid = real_fork()
        forked.append(pid)
        return pid

    real_fork = os.fork
    monkeypatch.setattr(os, "fork", fork)
    with pytest.raises(ValueError, match="seven"):
        parallel.split_map(fails_on_seven, list(range(100)))
    assert len(forked) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(forked[0], os.WNOHANG)  # stopped and reaped: no copy left behind


def test_with_another_thread_running_nothing_is_forked(small_minimum, monkeypatch):
    threads(monkeypatch, 2)
    results = parallel.split_map(square_and_pid, list(range(100)))
    assert {pid for _, pid in results} == {PARENT}


def test_few_items_are_not_worth_a_fork(monkeypatch):
    monkeypatch.setattr(parallel, "MINIMUM", 400)
    results = parallel.split_map(square_and_pid, list(range(50)))
    assert {pid for _, pid in results} == {PARENT}


def test_forked_work_runs_in_a_copy_while_this_process_goes_on(monkeypatch, tmp_path):
    threads(monkeypatch, 1)
    marker = tmp_path / "written"

    def work() -> int:
        marker.write_text("by the copy")  # files it writes stay written
        return os.getpid()

    copy = parallel.Forked(work)
    assert copy.forked
    assert copy.result() != PARENT
    assert marker.read_text() == "by the copy"


def test_forked_work_that_fails_in_the_copy_is_done_again_here(monkeypatch):
    threads(monkeypatch, 1)
    copy = parallel.Forked(lambda: fails_in_the_copy(1))
    assert copy.forked and copy.result() == 2


def test_an_error_of_forked_work_surfaces_here_with_its_message(monkeypatch):
    threads(monkeypatch, 1)
    with pytest.raises(ValueError, match="seven"):
        parallel.Forked(lambda: fails_on_seven(7)).result()


def test_cancelled_forked_work_leaves_no_copy_behind(monkeypatch, tmp_path):
    threads(monkeypatch, 1)
    copy = parallel.Forked(lambda: __import__("time").sleep(30))
    pid = copy._pid
    copy.cancel()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_forked_work_with_another_thread_running_is_done_here_when_asked(monkeypatch):
    threads(monkeypatch, 2)
    copy = parallel.Forked(os.getpid)
    assert not copy.forked
    assert copy.result() == PARENT
