"""Pagefind's indexer as a service process, fed one page at a time while the site is built.

`pagefind --service` is the protocol of Pagefind's own Node and Python APIs: requests arrive on
its standard input and answers leave on its standard output, each a JSON object encoded in
base64 and followed by a comma. The process holds its indexes in memory and handles requests one
at a time, in the order they came. The build hands it every profile as soon as it is rendered,
so pages are parsed on the core Python leaves free, instead of being read back from disk at the
end of the build (search.py says which pages and why).

The pinned `pagefind` Python package speaks the same protocol with asyncio but looks for answers
ten times a second, which at 20,000 requests would take over half an hour; this client writes
requests from one thread and reads answers on another, and only waits for the answers it needs.
"""

from __future__ import annotations

import base64
import json
import os
import queue
import subprocess
import threading
import time
import zlib
from collections import deque
from concurrent.futures import Future
from pathlib import Path
from typing import Any

# Requests are sent in batches of about this size rather than one by one: the service then works
# through a batch and sleeps, instead of waking up for every page. (10,000 profiles in two
# indexes, the indexer alone on this 2-core machine, with the short stories of the first
# synthetic rolls: 34 s of CPU when the pages came in bulk, 61 s when they came one at a time at
# the pace of a build. With 300-800-word stories both indexes now take 100-110 s.)
BATCH_BYTES = 1 << 20


class ServiceError(RuntimeError):
    """The service refused a request or stopped; the message carries its own words."""


# Pagefind answers WriteFiles once it has handed each file's bytes to tokio, which writes the
# last part of a file (up to 2 MiB) in the background; and the service exits at the end of its
# input without waiting for it. Read or published at once, a file may still be empty: it
# happened to pagefind-entry.json, in one test build of several hundred (2026-12-03).
# `wait_until_written` waits for every file's bytes before the service is closed.
WRITE_PATIENCE = 30.0  # seconds
_TOKIO_CHUNK = 2 << 20  # a file this large may be written in parts: checked whole


def wait_until_written(folder: Path, patience: float | None = None) -> None:
    """Return once every file in `folder` (a bundle Pagefind has written) has all its bytes.

    Raises ServiceError, naming the file, if one is still unwritten after `patience` seconds.
    """
    deadline = time.monotonic() + (WRITE_PATIENCE if patience is None else patience)
    pending = [path for path in folder.rglob("*") if path.is_file()]
    while True:
        pending = [path for path in pending if not _written(path)]
        if not pending:
            return
        if time.monotonic() > deadline:
            raise ServiceError(
                f"Pagefind chưa ghi xong tệp {pending[0]} của chỉ mục tìm kiếm. Hãy dựng lại "
                "trang; nếu lỗi lặp lại, báo cho nhóm phát triển kèm nhật ký dựng."
            )
        time.sleep(0.01)


def _written(path: Path) -> bool:
    size = path.stat().st_size
    if size == 0:
        return False
    if size < _TOKIO_CHUNK or not path.name.endswith(
        (".pf_index", ".pf_fragment", ".pf_meta", ".pf_filter")
    ):
        return True
    try:  # a large gzip file is whole when it decompresses to its end
        zlib.decompress(path.read_bytes(), wbits=31)
    except zlib.error:
        return False
    return True


class Page:
    """An HTML page for the indexer at site-absolute `url` ("/ghi-danh/a/"), encoded once for
    every index it goes to (at 10,000 profiles, encoding per request was a second of a build)."""

    def __init__(self, url: str, html: str) -> None:
        self.url = url
        body = {"url": url, "file_contents": html}
        self.json = json.dumps(body, ensure_ascii=False, separators=(",", ":"))[1:]


class Service:
    """One `pagefind --service` process and the threads that talk to it."""

    def __init__(self, executable: Path, env: dict[str, str] | None = None) -> None:
        try:
            self._process = subprocess.Popen(
                [str(executable), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
            )
        except OSError as error:
            raise ServiceError(f"không chạy được Pagefind ({error})") from error
        self._lock = threading.Lock()
        self._next_id = 0
        self._waiting: dict[int, Future] = {}  # answers someone asked for
        self._labels: dict[int, str] = {}  # what each unanswered request was about
        self.failures: list[str] = []  # refused requests nobody waits for, with their label
        self.peak_memory = 0  # bytes, once the process has ended
        self._stopped: ServiceError | None = None
        self._stderr: deque[bytes] = deque(maxlen=50)
        self._outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._batch: list[bytes] = []  # requests not yet handed to the writing thread
        self._batch_bytes = 0
        # The error output is read from the start, so the reader can wait for its last words.
        self._stderr_thread = self._thread("stderr", self._drain_stderr)
        self._threads = [
            self._stderr_thread,
            self._thread("write", self._write),
            self._thread("read", self._read),
        ]

    @staticmethod
    def _thread(name: str, target) -> threading.Thread:
        thread = threading.Thread(target=target, name=f"pagefind-{name}", daemon=True)
        thread.start()
        return thread

    # Requests -----------------------------------------------------------------------------

    def request(
        self, payload: dict[str, Any] | str, label: str = "", answer: bool = False
    ) -> Future:
        """Queue `payload` (or its JSON); the future holds its answer if `answer`, else it is done.

        A refused request nobody waits for is kept in `failures`, with `label` to name it.
        """
        future: Future = Future()
        with self._lock:
            if self._stopped is not None:
                raise self._stopped
            self._next_id += 1
            message_id = self._next_id
            self._labels[message_id] = label
            if answer:
                self._waiting[message_id] = future
        if not isinstance(payload, str):
            payload = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        message = f'{{"message_id":{message_id},"payload":{payload}}}'
        self._batch.append(base64.b64encode(message.encode()) + b",")
        self._batch_bytes += len(self._batch[-1])
        if answer or self._batch_bytes >= BATCH_BYTES:
            self.flush()
        if not answer:
            future.set_result(None)
        return future

    def flush(self) -> None:
        """Send the requests gathered so far."""
        if self._batch:
            self._outbox.put(b"".join(self._batch))
            self._batch, self._batch_bytes = [], 0

    def new_index(self, config: dict[str, Any]) -> int:
        answer = self.request({"type": "NewIndex", "config": config}, "NewIndex", True).result()
        return int(answer["index_id"])

    def add_page(self, index_id: int, page: Page) -> None:
        """Index a page (see `Page`) in the index `index_id`."""
        self.request(f'{{"type":"AddFile","index_id":{index_id},{page.json}', page.url)

    def write_files(self, index_id: int, output_path: Path) -> Future:
        """Build the index and write its bundle into `output_path`; the future says when."""
        payload = {"type": "WriteFiles", "index_id": index_id, "output_path": str(output_path)}
        return self.request(payload, str(output_path), True)

    # Ending -------------------------------------------------------------------------------

    def close(self) -> int:
        """End the process by ending its input; its peak resident memory in bytes.

        The service exits as soon as its input ends, even in the middle of a request: call
        this only after the answers that matter (`write_files`) have come.
        """
        self.flush()
        self._outbox.put(None)
        for thread in self._threads:
            thread.join()  # the reader ends once the process has ended (`_ended`)
        return self.peak_memory

    def kill(self) -> None:
        """Stop at once (the build failed); nothing it was writing is kept."""
        self._process.kill()  # before its input ends (on which it would exit by itself)
        self._outbox.put(None)
        for thread in self._threads:
            thread.join()

    def output(self) -> str:
        """The last lines the process wrote to its error output."""
        return b"".join(self._stderr).decode("utf-8", "replace").strip()

    # Threads ------------------------------------------------------------------------------

    def _write(self) -> None:
        stdin = self._process.stdin
        assert stdin is not None
        while (data := self._outbox.get()) is not None:
            try:
                stdin.write(data)
                if self._outbox.empty():  # the service waits for whole requests: send them now
                    stdin.flush()
            except (BrokenPipeError, ValueError):
                break  # the process is gone; _read reports why
        try:
            stdin.close()
        except BrokenPipeError:
            pass

    def _read(self) -> None:
        """Hand out answers until the process ends, then fail whatever still waits for one."""
        stdout = self._process.stdout
        assert stdout is not None
        reason = ""
        try:
            buffer = b""
            while chunk := stdout.read1(1 << 16):
                buffer += chunk
                *messages, buffer = buffer.split(b",")
                for message in messages:
                    self._answer(json.loads(base64.b64decode(message)))
        except Exception as error:  # an answer this client cannot read: stop, never hang
            reason = f"câu trả lời không đọc được ({error}); "
            self._process.kill()
        finally:
            try:
                stdout.close()
                code = self._ended()
                self._stderr_thread.join()  # its last words (a panic, no memory left) are in
                reason = f"Pagefind dừng bất ngờ: {reason}mã thoát {code}"
                if code < 0:  # killed by a signal, by the system when memory runs out
                    reason += " (có thể do máy thiếu bộ nhớ)"
                if self.output():
                    reason += f":\n{self.output()}"
            finally:  # whatever happened above, nobody is left waiting
                with self._lock:
                    self._stopped = ServiceError(reason or "Pagefind dừng bất ngờ")
                    waiting, self._waiting = self._waiting, {}
                for future in waiting.values():
                    future.set_exception(self._stopped)

    def _ended(self) -> int:
        """Reap the process (its output has ended) and keep its peak memory; its exit code."""
        # wait4 gives this child's own resource usage, so the peak is the indexer's alone.
        try:
            _, status, usage = os.wait4(self._process.pid, 0)
        except ChildProcessError:  # reaped by kill() meanwhile: the build is failing anyway
            return self._process.returncode if self._process.returncode is not None else -9
        self._process.returncode = os.waitstatus_to_exitcode(status)
        self.peak_memory = usage.ru_maxrss * 1024  # Linux reports kilobytes
        return self._process.returncode

    def _answer(self, answer: dict[str, Any]) -> None:
        payload = answer.get("payload") or {}
        message_id = answer.get("message_id")
        if message_id is None and payload.get("original_message"):
            # A request the service could not read comes back whole, with its number inside.
            try:
                message_id = json.loads(payload["original_message"]).get("message_id")
            except (ValueError, AttributeError):
                message_id = None
        with self._lock:
            label = self._labels.pop(message_id, "")
            future = self._waiting.pop(message_id, None)
        if payload.get("type") == "Error":
            message = str(payload.get("message"))
            error = ServiceError(f"{label}: {message}" if label else message)
            if future is not None:
                future.set_exception(error)
            else:
                self.failures.append(str(error))
        elif future is not None:
            future.set_result(payload)

    def _drain_stderr(self) -> None:
        stderr = self._process.stderr
        assert stderr is not None
        with stderr:
            for line in stderr:
                self._stderr.append(line)
