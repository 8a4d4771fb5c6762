#!/usr/bin/env python3
"""Summarise a conformance run from the suite's REST API (standard library only).

Finds the plans the runner created (their ids are in logs/runner.log), fetches every module's
result and log (/api/plan, /api/info, /api/log), and writes:
  summary.txt   per plan: passed / failed / warning / review / skipped / did not finish, per module
  report.md     for every module that did not pass: each FAILURE / WARNING condition with its
                message and details, and the HTTP exchanges just before it (the suite's back-channel
                requests to the OP and the OP's responses, the front-channel redirects and what the
                scripted browser saw)
  modules/      info + full log of every module as JSON
"""
import argparse
import base64
import html
import json
import os
import re
import ssl
import sys
import urllib.request

CTX = ssl.create_default_context()
CTX.check_hostname = False
CTX.verify_mode = ssl.CERT_NONE

BOILERPLATE = {"_id", "testId", "testOwner", "time", "src", "msg", "result", "blockId", "requirements", "http"}
MAX_BODY = 1500


def get(server, path):
    with urllib.request.urlopen(server + path, context=CTX, timeout=60) as r:
        return json.load(r)


def clip(value, limit=MAX_BODY):
    if value is None:
        return None
    if not isinstance(value, str):
        value = json.dumps(value, ensure_ascii=False)
    return value if len(value) <= limit else value[:limit] + " …[%d more chars]" % (len(value) - limit)


def page_text(source, limit=600):
    """Visible text of an HTML page, for showing what the browser had on screen."""
    if not source:
        return ""
    source = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", source)
    text = html.unescape(re.sub(r"(?s)<[^>]+>", " ", source))
    return clip(re.sub(r"\s+", " ", text).strip(), limit)


STATIC = re.compile(r"\.(css|js|png|ico|svg|woff2?|ttf|jpg|gif)(\?|$)")


def jwt_claims(token):
    try:
        part = token.split(".")[1]
        return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except Exception:  # not a JWT
        return None


def token_claims(body):
    """Decoded id_token / access_token claims of a token endpoint response body, if any."""
    try:
        data = json.loads(body)
    except Exception:
        return []
    if not isinstance(data, dict):
        return []
    out = []
    for name in ("id_token", "access_token"):
        claims = jwt_claims(data.get(name) or "")
        if claims:
            out.append("  - %s claims: `%s`" % (name, clip(claims, 1200)))
    return out


def outcome(info):
    status, result = info.get("status"), info.get("result")
    if status not in ("FINISHED", "INTERRUPTED"):
        return "NOT FINISHED (%s)" % status
    if result == "PASSED":
        return "PASSED"
    if result == "WARNING":
        return "WARNING"
    if result == "REVIEW":
        return "REVIEW"
    if result == "SKIPPED":
        return "SKIPPED"
    return "FAILED"


def describe_http(e):
    """One HTTP-related log entry as markdown lines, or None if it is not one."""
    kind, src, msg = e.get("http"), e.get("src"), e.get("msg", "")
    lines = []
    if kind == "response" and src == "WebRunner":
        lines.append("- **browser landed on a page: %s (%s)**" % (e.get("response_status_text"), e.get("response_content_type")))
        lines.append("  - text: `%s`" % page_text(e.get("response_content")))
    elif kind == "request" and "request_uri" in e:
        who = "browser" if src == "WebRunner" else src
        lines.append("- **%s → %s %s**" % (who, e.get("request_method", "GET"), e["request_uri"]))
        if e.get("request_body") or e.get("parameters"):
            lines.append("  - body: `%s`" % clip(e.get("request_body") or e.get("parameters"), 600))
        hdrs = e.get("request_headers") or {}
        auth = {k: v for k, v in hdrs.items() if k.lower() in ("authorization", "content-type", "dpop")}
        if auth:
            lines.append("  - headers: `%s`" % clip(auth, 160))
    elif kind == "response" and "response_status_code" in e:
        lines.append("- **OP response to %s: %s**" % (src, e["response_status_code"]))
        hdrs = e.get("response_headers") or {}
        keep = {k: v for k, v in hdrs.items() if k.lower() in ("content-type", "location", "www-authenticate")}
        if keep:
            lines.append("  - headers: `%s`" % clip(keep, 400))
        lines.append("  - body: `%s`" % clip(e.get("response_body"), MAX_BODY))
        lines.extend(token_claims(e.get("response_body") or ""))
    elif kind == "redirect":
        lines.append("- **suite sends browser to** `%s` (%s)" % (e.get("redirect_to"), e.get("method", "GET")))
    elif kind == "redirect-in":
        data = {k: e[k] for k in ("url_query", "url_fragment", "post_body", "body_form_params") if e.get(k)}
        lines.append("- **authorization/logout response received by suite**: `%s`" % clip(data, 1200))
    elif kind == "incoming":
        q = e.get("incoming_query_string_params") or {}
        body = e.get("incoming_body_form_params") or e.get("incoming_body")
        lines.append("- **incoming to suite**: %s %s query=`%s`%s" % (
            e.get("incoming_method", ""), e.get("incoming_path"), clip(q, 800),
            (" body=`%s`" % clip(body, 800)) if body else ""))
    elif src == "WebRunner" and (msg.startswith("Response ") or msg.startswith("Redirect ")):
        if STATIC.search(msg.split(" from ")[-1].split(" ")[-1]):
            return None  # stylesheets, scripts, images
        # browser_verbose: every request the scripted browser made and what the OP answered
        line = "- browser: %s" % msg
        hdrs = e.get("headers") or {}
        keep = {k: v for k, v in hdrs.items() if k.lower() in ("location", "content-type")}
        if keep:
            line += " `%s`" % clip(keep, 600)
        lines.append(line)
        if msg.startswith("Response ") and not re.match(r"Response 2\d\d ", msg):
            lines.append("  - text: `%s`" % page_text(e.get("body")))
    else:
        return None
    return lines


def details(e):
    extra = {k: v for k, v in e.items() if k not in BOILERPLATE}
    for k in ("page_source", "current_dom"):
        if k in extra:
            extra[k] = page_text(extra[k], 800)
    return clip(extra, 2500) if extra else None


def module_report(name, variant, info, entries, server):
    out = ["### %s — %s" % (name, outcome(info)),
           "", "variant `%s`, test id `%s`, log %slog-detail.html?log=%s" % (
               json.dumps(variant, sort_keys=True), info.get("testId"), server, info.get("testId")), ""]
    problems = [i for i, e in enumerate(entries) if e.get("result") in ("FAILURE", "WARNING")]
    if not problems:
        out.append("No FAILURE/WARNING condition. What the browser and the OP did last:")
        for e in entries[-80:]:
            lines = describe_http(e)
            if lines:
                out.extend(lines)
            elif e.get("src") in ("BROWSER",) or e.get("result") in ("SKIPPED", "REVIEW"):
                out.append("- %s: %s" % (e.get("src"), clip(e.get("msg"), 300)))
        out.append("")
        return out
    shown_http = -1
    for i in problems:
        e = entries[i]
        out.append("**%s: %s** — %s" % (e.get("result"), e.get("src"), e.get("msg")))
        if e.get("requirements"):
            out.append("- requirements: %s" % ", ".join(e["requirements"]))
        d = details(e)
        if d:
            out.append("- details: `%s`" % d)
        # HTTP exchanges since the previous problem (or the last few before this one)
        http_lines = []
        start = max(shown_http + 1, i - 60)
        for e2 in entries[start:i]:
            lines = describe_http(e2)
            if lines:
                http_lines.append(lines)
        shown_http = i
        if http_lines:
            out.append("- HTTP leading to it:")
            for lines in http_lines[-12:]:
                out.extend("  " + l for l in lines)
        out.append("")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True, help="suite base URL ending in /")
    ap.add_argument("--run-id", required=True)
    ap.add_argument("--out", required=True, help="results directory of the run")
    ap.add_argument("--offline", action="store_true",
                    help="do not ask the suite; rebuild summary.txt and report.md from modules/*.json")
    args = ap.parse_args()

    runner_log = os.path.join(args.out, "logs", "runner.log")
    with open(runner_log, encoding="utf-8", errors="replace") as f:
        plan_ids = list(dict.fromkeys(re.findall(r"Created test plan, new id: (\S+)", f.read())))
    if not plan_ids:
        print("no plans found in " + runner_log, file=sys.stderr)
        return 1

    summary, report = [], ["# Conformance run %s" % args.run_id, ""]
    os.makedirs(os.path.join(args.out, "modules"), exist_ok=True)
    totals = {}
    for plan_id in plan_ids:
        plan_file = os.path.join(args.out, "modules", "plan-%s.json" % plan_id)
        if args.offline:
            with open(plan_file) as f:
                plan = json.load(f)
        else:
            plan = get(args.server, "api/plan/" + plan_id)
            with open(plan_file, "w") as f:
                json.dump(plan, f, indent=1, ensure_ascii=False)
        title = "%s %s" % (plan["planName"], json.dumps(plan.get("variant") or {}, sort_keys=True))
        counts = {}
        rows = []
        plan_report = []
        for m in plan["modules"]:
            if not m.get("instances"):
                continue
            test_id = m["instances"][-1]
            module_file = os.path.join(args.out, "modules", "%s-%s.json" % (plan_id, m["testModule"]))
            if args.offline:
                with open(module_file) as f:
                    saved = json.load(f)
                info, entries = saved["info"], saved["log"]
            else:
                info = get(args.server, "api/info/" + test_id)
                entries = get(args.server, "api/log/" + test_id)
                with open(module_file, "w") as f:
                    json.dump({"info": info, "log": entries}, f, indent=1, ensure_ascii=False)
            o = outcome(info)
            key = o.split(" ")[0]
            counts[key] = counts.get(key, 0) + 1
            totals[key] = totals.get(key, 0) + 1
            rows.append("  %-9s %s %s" % (key, m["testModule"], test_id))
            if key != "PASSED":
                plan_report += module_report(m["testModule"], m.get("variant"), info, entries, args.server)
        line = ", ".join("%s %d" % (label, counts.get(k, 0)) for k, label in (
            ("PASSED", "passed"), ("FAILED", "failed"), ("WARNING", "warning"), ("REVIEW", "review"),
            ("SKIPPED", "skipped"), ("NOT", "did not finish")))
        summary.append("%s (plan %s): %d modules: %s" % (title, plan_id, sum(counts.values()), line))
        summary.extend(rows)
        summary.append("")
        report += ["## %s" % title, "", "plan %splan-detail.html?plan=%s — %s" % (args.server, plan_id, line), ""]
        report += plan_report or ["Every module passed.", ""]

    text = "\n".join(summary)
    with open(os.path.join(args.out, "summary.txt"), "w") as f:
        f.write(text + "\n")
    with open(os.path.join(args.out, "report.md"), "w") as f:
        f.write("\n".join(report) + "\n")
    print(text)
    # 0: nothing failed or hung (warnings and reviews are for a person to judge); 3: something did
    return 3 if totals.get("FAILED") or totals.get("NOT") else 0


if __name__ == "__main__":
    sys.exit(main())
