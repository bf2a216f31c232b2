"""The load of the month-end benchmark (bench_month_end.py), with locust as a library.

    python benchmarks/month_end_load.py CONFIG.json RESULT.json

Run by bench_month_end.py in a process of its own (locust patches the standard library with gevent on import,
which the Django side must not get). CONFIG names the portal's address, the accounts and what they open; RESULT
gets every request's time, by request kind, for each phase:

- ``warm-up``: every request kind a few times (every gunicorn worker loads its code and templates), not counted;
- ``baseline``: every request kind on its own, one request at a time, nothing else running (the unloaded time),
  and one work report and one certificate batch on an otherwise idle portal;
- ``load``: the month-end peak: the secretaries, area reviewers, the county administrator and the public at once,
  for ``duration`` real seconds; think times are the simulated ones divided by ``compress``.

A request counts as an error when its answer is not the one a browser needs (a grid save not redirected back to
its grid, a PDF that is not a PDF, any 4xx/5xx, a timeout). Public PDFs are also filed by whether a background
job (work report or certificate batch) was running when the request started.
"""

from __future__ import annotations

import json
import random
import re
import sys
import time
from collections import defaultdict
from html import unescape

import gevent
from locust import HttpUser, constant, events, task
from locust.clients import HttpSession
from locust.env import Environment
from locust.exception import StopUser

CONFIG: dict = {}
PHASE = {"name": "warm-up"}
JOBS_RUNNING: dict[str, float] = {}  # job → when it was started
TIMES: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
ERRORS: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
ERROR_SAMPLES: dict[str, list[str]] = defaultdict(list)
JOB_RUNS: list[dict] = []
LOADAVG: dict[str, str] = {}

PDF = "public: posting PDF"
WHILE_JOBS = f"{PDF} · jobs running"
NO_JOBS = f"{PDF} · no job running"

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
INPUT = re.compile(r"<input\b[^>]*>")
ATTRIBUTE = re.compile(r'(\w[\w-]*)="([^"]*)"')


@events.request.add_listener
def _record(request_type, name, response_time, response_length, response, context, exception, **_kwargs):
    phase = PHASE["name"]
    if exception is not None:
        ERRORS[phase][name] += 1
        if len(ERROR_SAMPLES[phase]) < 20:
            ERROR_SAMPLES[phase].append(f"{name}: {str(exception)[:200]}")
        return
    TIMES[phase][name].append(response_time)
    if name == PDF:
        TIMES[phase][WHILE_JOBS if (context or {}).get("jobs") else NO_JOBS].append(response_time)
        if (context or {}).get("which"):
            TIMES[phase][f"{PDF} · {context['which']}"].append(response_time)


def _check(response, ok: bool, what: str) -> None:
    """Mark a caught response failed (``what`` says why) unless ``ok``."""
    if ok:
        response.success()
    else:
        response.failure(f"{what} (HTTP {response.status_code})")


def csrf_of(html: str) -> str:
    match = CSRF_INPUT.search(html)
    return match.group(1) if match else ""


def grid_inputs(html: str) -> list[dict]:
    """The grid's count cells: name, current value and the most times allowed."""
    cells = []
    for tag in INPUT.findall(html):
        attributes = dict(ATTRIBUTE.findall(tag))
        if attributes.get("name", "").startswith("c_") and "disabled" not in tag:
            cells.append(
                {
                    "name": attributes["name"],
                    "value": unescape(attributes.get("value", "")),
                    "max": int(attributes.get("max") or 0),
                }
            )
    return cells


def grid_form(html: str, rng: random.Random, changes: int = 3) -> dict[str, str]:
    """What a secretary submits: every cell as shown, a few of them changed to another count within the cap."""
    cells = grid_inputs(html)
    data = {cell["name"]: cell["value"] for cell in cells}
    for cell in rng.sample(cells, min(changes, len(cells))):
        data[cell["name"]] = str(rng.randint(0, cell["max"]))
    data["csrfmiddlewaretoken"] = csrf_of(html)
    return data


def think(low: float, high: float) -> None:
    """A pause of low–high simulated seconds, compressed to real ones."""
    gevent.sleep(random.uniform(low, high) / CONFIG["compress"])


# --- What each kind of user does (one call = one step of a real user, with the requests a browser makes) ---------


def login(client, account: dict) -> None:
    with client.get("/accounts/login/", name="login page", catch_response=True) as response:
        _check(response, response.status_code == 200 and "csrfmiddlewaretoken" in response.text, "no login form")
        token = csrf_of(response.text)
    data = {"username": account["username"], "password": account["password"], "csrfmiddlewaretoken": token}
    with client.post(
        "/accounts/login/", data=data, name="login", allow_redirects=False, catch_response=True
    ) as response:
        _check(response, response.status_code == 302, "login refused")


def home(client, who: str) -> None:
    with client.get("/", name=f"home ({who})", catch_response=True) as response:
        _check(response, response.status_code == 200, "home page")


def grid_start(client) -> None:
    with client.get("/scoring/stars/grid/", name="grid: list of organisations", catch_response=True) as response:
        _check(response, response.status_code == 200, "grid start page")


def grid_open_and_save(client, grid_url: str, rng: random.Random, pause=None) -> None:
    """Open this month's grid at one star, fill in a few counts, save, and land back on the grid."""
    star = rng.choice(CONFIG["stars"])
    url = f"{grid_url}?star={star}"
    with client.get(url, name="grid: open", catch_response=True) as response:
        ok = response.status_code == 200 and 'name="c_' in response.text
        _check(response, ok, "grid without cells")
        html = response.text if ok else ""
    if not html:
        return
    if pause:
        pause()
    data = grid_form(html, rng)
    with client.post(url, data=data, name="grid: save", allow_redirects=False, catch_response=True) as response:
        saved = response.status_code == 302 and response.headers.get("Location", "").endswith(f"?star={star}")
        _check(response, saved, "grid save not accepted" + ("" if response.status_code != 200 else ": form errors"))
    if saved:
        with client.get(url, name="grid: open", catch_response=True) as response:
            _check(response, response.status_code == 200 and "已保存" in response.text, "no saved message")


def reviewer_page(client, url: str, name: str) -> None:
    with client.get(url, name=name, catch_response=True) as response:
        _check(response, response.status_code == 200, "list page")


def public_step(client, kind: str, rng: random.Random) -> None:
    postings = CONFIG["postings"]
    if kind == "board":
        with client.get("/notices/", name="public: notice board", catch_response=True) as response:
            _check(response, response.status_code == 200, "notice board")
    elif kind == "posting":
        url = f"/scoring/public/postings/{rng.choice(postings)}/"
        with client.get(url, name="public: posting", catch_response=True) as response:
            _check(response, response.status_code == 200, "posting page")
    elif kind == "pdf":
        url = f"/scoring/public/postings/{rng.choice(postings)}/pdf/"
        context = {"jobs": bool(JOBS_RUNNING), "which": "+".join(sorted(JOBS_RUNNING))}
        with client.get(url, name=PDF, context=context, catch_response=True) as response:
            ok = response.status_code == 200 and response.content[:5] == b"%PDF-"
            _check(response, ok, "not a stored PDF")
    elif kind == "verify":
        url = f"/members/certificates/verify/{rng.choice(CONFIG['tokens'])}/"
        with client.get(url, name="public: certificate check (QR)", catch_response=True) as response:
            _check(response, response.status_code == 200, "certificate page")
    elif kind == "lookup":
        url = f"/members/certificates/verify/?code={rng.choice(CONFIG['serials'])}"
        with client.get(
            url, name="public: certificate check (serial)", allow_redirects=False, catch_response=True
        ) as response:
            _check(response, response.status_code == 302, "serial not found")


def _poll(client, url: str, name: str, done_text: str, headers=None) -> bool:
    """Poll a job's progress card every second (as the page's htmx does) until it is done; False if it failed."""
    while True:
        with client.get(url, name=name, headers=headers or {}, catch_response=True) as response:
            if response.status_code != 200:
                _check(response, False, "progress page")
                return False
            if "生成失败" in response.text:
                _check(response, False, "job failed")
                return False
            response.success()
            if done_text in response.text:
                return True
        gevent.sleep(1)


def work_report(client) -> None:
    """The county administrator's work report for last year, all areas: start it, watch it, open the PDF."""
    with client.get("/reports/", name="admin: report form", catch_response=True) as response:
        _check(response, response.status_code == 200, "report form")
        token = csrf_of(response.text)
    data = {"area": "", "year": str(CONFIG["report_year"]), "start": "", "end": "", "csrfmiddlewaretoken": token}
    started = time.perf_counter()
    JOBS_RUNNING["work report"] = started
    try:
        with client.post(
            "/reports/", data=data, name="admin: start report", allow_redirects=False, catch_response=True
        ) as response:
            location = response.headers.get("Location", "")
            _check(response, response.status_code == 302 and location.startswith("/reports/"), "report not started")
        if response.status_code != 302:
            return
        done = _poll(client, f"{location}status/", "admin: job progress", "报告已生成")
    finally:
        JOBS_RUNNING.pop("work report", None)
    JOB_RUNS.append(
        {"phase": PHASE["name"], "job": "work report", "seconds": time.perf_counter() - started, "ok": done}
    )
    if done:
        with client.get(f"{location}pdf/", name="admin: download report PDF", catch_response=True) as response:
            _check(response, response.content[:5] == b"%PDF-", "report PDF")


def certificate_batch(client) -> None:
    """Print every valid certificate of one level (500) as one PDF: start, watch, download."""
    with client.get("/members/certificates/", name="admin: certificate list", catch_response=True) as response:
        _check(response, response.status_code == 200, "certificate list")
        token = csrf_of(response.text)
    data = {"level": CONFIG["batch_level"], "csrfmiddlewaretoken": token}
    started = time.perf_counter()
    JOBS_RUNNING["certificate batch"] = started
    try:
        with client.post(
            "/members/certificates/batch/",
            data=data,
            name="admin: start certificate batch",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            _check(response, response.status_code == 302 and "/batch/" in location, "batch not started")
        if response.status_code != 302:
            return
        done = _poll(client, location, "admin: job progress", "已生成一个 PDF 文件", headers={"HX-Request": "true"})
    finally:
        JOBS_RUNNING.pop("certificate batch", None)
    seconds = time.perf_counter() - started
    JOB_RUNS.append({"phase": PHASE["name"], "job": "certificate batch", "seconds": seconds, "ok": done})
    if done:
        with client.get(f"{location}download/", name="admin: download certificates", catch_response=True) as response:
            _check(response, response.content[:5] == b"%PDF-", "certificates PDF")


# --- The users of the loaded phase ------------------------------------------------------------------------------


class _Portal(HttpUser):
    abstract = True
    wait_time = constant(0)  # every task paces itself with think()

    def _account(self, key: str) -> dict:
        queue = CONFIG["_queues"][key]
        if not queue:
            raise StopUser  # more users than accounts: never happens with the counts bench_month_end.py gives
        return queue.pop()


class Secretary(_Portal):
    """A Party organisation's secretary at month end: opens their grid, fills it in, saves, comes back later."""

    def on_start(self):
        self.account = self._account("secretaries")
        self.rng = random.Random(self.account["username"])
        login(self.client, self.account)
        home(self.client, "secretary")
        think(5, 20)
        grid_start(self.client)

    @task
    def month_grid(self):
        grid_open_and_save(self.client, self.account["grid"], self.rng, pause=lambda: think(30, 90))
        think(60, 180)


class Reviewer(_Portal):
    """An area reviewer browsing their area's lists and the dashboard."""

    def on_start(self):
        self.account = self._account("reviewers")
        login(self.client, self.account)

    @task
    def browse(self):
        name, url = random.choice(CONFIG["reviewer_pages"])
        reviewer_page(self.client, url, f"reviewer: {name}")
        think(10, 40)


class Administrator(_Portal):
    """The county administrator: a work report, then 500 certificates printed, a pause, and again."""

    def on_start(self):
        login(self.client, CONFIG["admin"])
        gevent.sleep(CONFIG["admin_first_wait"])

    @task
    def jobs(self):
        work_report(self.client)
        certificate_batch(self.client)
        gevent.sleep(CONFIG["admin_gap"])


class Public(_Portal):
    """A visitor of the public notice board (each from an address of their own, through the proxy)."""

    KINDS = ["board", "board", "posting", "posting", "pdf", "pdf", "pdf", "verify", "lookup"]

    def on_start(self):
        number = CONFIG["_queues"]["addresses"].pop()
        self.client.headers["X-Forwarded-For"] = f"198.51.{100 + number // 250}.{1 + number % 250}"
        self.rng = random.Random(number)

    @task
    def visit(self):
        public_step(self.client, self.rng.choice(self.KINDS), self.rng)
        think(5, 20)


# --- Phases -----------------------------------------------------------------------------------------------------


def _session(env: Environment, address: int | None = None) -> HttpSession:
    session = HttpSession(base_url=CONFIG["host"], request_event=env.events.request, user=None)
    if address is not None:
        session.headers["X-Forwarded-For"] = f"203.0.113.{address}"
    return session


def _loadavg() -> str:
    with open("/proc/loadavg") as file:
        return " ".join(file.read().split()[:3])


def sequential(env: Environment, repeat: int, with_jobs: bool) -> None:
    """Every request kind ``repeat`` times, one request at a time (warm-up and baseline)."""
    rng = random.Random(repeat)
    secretaries = CONFIG["baseline_secretaries"]
    for index in range(repeat):
        client = _session(env)
        account = secretaries[index % len(secretaries)]
        login(client, account)
        home(client, "secretary")
        grid_start(client)
        grid_open_and_save(client, account["grid"], rng)
    client = _session(env)
    login(client, CONFIG["reviewers"][0])
    for name, url in CONFIG["reviewer_pages"]:
        for _ in range(repeat):
            reviewer_page(client, url, f"reviewer: {name}")
    public = _session(env, address=1 + repeat)
    for kind in ("board", "posting", "pdf", "verify"):
        for _ in range(repeat):
            public_step(public, kind, rng)
    for index in range(min(repeat, 8)):  # the serial check allows 10 a minute per address
        public_step(_session(env, address=20 + index), "lookup", rng)
    if with_jobs:
        admin = _session(env)
        login(admin, CONFIG["admin"])
        work_report(admin)
        certificate_batch(admin)


def loaded(env: Environment) -> None:
    counts = CONFIG["users"]
    for cls in env.user_classes:
        cls.fixed_count = counts[cls.__name__]  # exactly this many of each, whatever the weights
    runner = env.create_local_runner()
    total = sum(counts.values())
    runner.start(total, spawn_rate=total / CONFIG["spawn_seconds"])
    gevent.sleep(CONFIG["duration"])
    unfinished = dict(JOBS_RUNNING)
    runner.quit()
    for job, started in unfinished.items():  # still running when the peak ended: how long it had run
        seconds = time.perf_counter() - started
        JOB_RUNS.append({"phase": PHASE["name"], "job": job, "seconds": seconds, "ok": "unfinished"})


def main() -> int:
    config_path, result_path = sys.argv[1:3]
    with open(config_path) as file:
        CONFIG.update(json.load(file))
    CONFIG["_queues"] = {
        "secretaries": list(CONFIG["secretaries"]),
        "reviewers": list(CONFIG["reviewers"]),
        "addresses": list(range(CONFIG["users"]["Public"])),
    }
    env = Environment(user_classes=[Secretary, Reviewer, Administrator, Public], host=CONFIG["host"], events=events)
    phases: list[dict] = []
    for name, action in (
        ("warm-up", lambda: sequential(env, CONFIG["warmup_repeat"], with_jobs=False)),
        ("baseline", lambda: sequential(env, CONFIG["baseline_repeat"], with_jobs=True)),
        ("load", lambda: loaded(env)),
    ):
        if name == "load" and CONFIG.get("skip_load"):
            continue
        PHASE["name"] = name
        before, started = _loadavg(), time.time()
        print(f"   {name}: started (load average {before})", flush=True)
        action()
        after = _loadavg()
        phases.append(
            {"phase": name, "seconds": time.time() - started, "loadavg_before": before, "loadavg_after": after}
        )
        print(f"   {name}: done in {time.time() - started:.0f} s (load average {after})", flush=True)
    result = {
        "phases": phases,
        "times": {phase: dict(kinds) for phase, kinds in TIMES.items()},
        "errors": {phase: dict(kinds) for phase, kinds in ERRORS.items()},
        "error_samples": dict(ERROR_SAMPLES),
        "jobs": JOB_RUNS,
    }
    with open(result_path, "w") as file:
        json.dump(result, file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
