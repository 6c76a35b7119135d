"""The same crawler in Python with gevent: at most N requests at once through Pool(N), pages
through a JoinableQueue, N keep-alive connections (http.client, made cooperative by gevent's
monkey patching). Usage: python3 crawler_gevent.py http://127.0.0.1:PORT CONCURRENCY EXPECTED_PAGES
"""
from gevent import monkey

monkey.patch_all()

import http.client  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from urllib.parse import urlsplit  # noqa: E402

import gevent  # noqa: E402
from gevent.pool import Pool  # noqa: E402
from gevent.queue import JoinableQueue, Queue  # noqa: E402

LINK = re.compile(r'href="(/page/\d+)"')


def crawl(base, concurrency):
    host = urlsplit(base)
    connections = Queue()
    for _ in range(concurrency):
        connections.put(http.client.HTTPConnection(host.hostname, host.port))
    in_flight = {"now": 0, "max": 0}
    pool = Pool(concurrency)
    results = JoinableQueue()
    seen = {"/page/0"}
    counted = {"pages": 0}

    def fetch(path):
        conn = connections.get()
        in_flight["now"] += 1
        in_flight["max"] = max(in_flight["max"], in_flight["now"])
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read().decode()
            if response.status != 200:
                raise RuntimeError(f"{path}: HTTP {response.status}")
        finally:
            in_flight["now"] -= 1
            connections.put(conn)
        results.put(LINK.findall(body))

    def collect():
        for links in results:
            counted["pages"] += 1
            for link in links:
                if link not in seen:
                    seen.add(link)
                    pool.spawn(fetch, link)
            results.task_done()

    collector = gevent.spawn(collect)
    pool.spawn(fetch, "/page/0")
    while True:
        pool.join(raise_error=True)
        results.join()
        if len(pool) == 0:
            break
    results.put(StopIteration)
    collector.join()
    return counted["pages"], in_flight["max"]


def main():
    base, concurrency, expected = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    started = time.perf_counter()
    pages, max_in_flight = crawl(base, concurrency)
    seconds = time.perf_counter() - started
    if pages != expected:
        raise SystemExit(f"crawled {pages} pages, expected {expected}")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({
        "crawler": "gevent (Python)",
        "pages": pages,
        "seconds": seconds,
        "pagesPerSecond": pages / seconds,
        "cpuSeconds": usage.ru_utime + usage.ru_stime,
        "maxInFlight": max_in_flight,
        "peakRssMb": usage.ru_maxrss / 1024,
    }))


main()
