#!/usr/bin/env python3
"""What pycronofy 2.0.7 puts on the wire, from the standard library alone.

pycronofy (and the `requests` it needs) cannot be installed on confab's machines, yet Python
applications reach confab through it. This driver sends the requests that pycronofy's public
`Client` methods send: same method, path, headers, JSON body and query encoding. Each behaviour
names the pycronofy file it is read from.

    python3 test/pycronofy/driver.py <method> '<json args>'

The arguments are the method's keyword arguments as JSON. Python values JSON cannot carry are
written as {"$date": "2026-05-01"} (a datetime.date) and {"$datetime": "2026-05-01T09:30:00+02:00"}
(a datetime.datetime; naive when the text has no offset).

The API base and credentials come from PYCRONOFY_API_BASE_URL, PYCRONOFY_CLIENT_ID,
PYCRONOFY_CLIENT_SECRET, PYCRONOFY_ACCESS_TOKEN and PYCRONOFY_REFRESH_TOKEN, or from the
options --api-base-url, --client-id, --client-secret, --access-token and --refresh-token.

One JSON object goes to stdout:
    {"status": 200, "body": {...}, "sent": ["GET http://…"]}   the reply (body null when empty)
    ... plus "raises": "…"      where pycronofy would raise on that reply
    {"result": true}            for hmac_valid, which sends nothing
    {"error": "…"}              where no reply came, or pycronofy would fail before sending
"""

import argparse
import base64
import datetime
import gzip
import hashlib
import hmac
import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
import zlib

# pycronofy/__init__.py (__name__, __version__), joined by pycronofy/request_handler.py.
USER_AGENT = "PyCronofy 2.0.7"
# pycronofy/settings.py
API_VERSION = "v1"
DEFAULT_TZID = "Etc/UTC"


class DriverError(Exception):
    """A point where pycronofy itself would fail, before or after the request."""


class Session:
    def __init__(self, base_url, client_id, client_secret, access_token, refresh_token):
        self.base_url = base_url.rstrip("/")
        self.client_id = client_id
        self.client_secret = client_secret
        self.access_token = access_token
        self.refresh_token = refresh_token
        self.sent = []

    def authorization(self):
        # pycronofy/auth.py formats whatever it holds: a client made from client credentials
        # alone sends the text "Bearer None".
        return "Bearer %s" % (self.access_token,)

    def request(self, method, endpoint=None, url=None, params=None, data=None, versioned=True):
        """One request as pycronofy/request_handler.py makes it through `requests`."""
        if url is None:
            # request_handler.py: base/v1/endpoint, or base/endpoint for the OAuth paths.
            url = "%s/%s/%s" % (self.base_url, API_VERSION, endpoint) if versioned else (
                "%s/%s" % (self.base_url, endpoint)
            )
        query = query_string(params or {})
        if query:
            url = "%s%s%s" % (url, "&" if urllib.parse.urlsplit(url).query else "?", query)
        url = requote(url)
        # request_handler.py hands `requests` json=(data or {}), so every request, a GET too,
        # carries a JSON body ("{}" at least) and Content-Type: application/json.
        body = json.dumps(data or {}, allow_nan=False).encode("utf-8")
        headers = {
            # requests' own defaults (requests/utils.py default_headers); urllib sends
            # Connection: close whatever is asked, which the server may not tell apart.
            "Accept-Encoding": "gzip, deflate",
            "Accept": "*/*",
            "Connection": "keep-alive",
            # request_handler.py
            "Authorization": self.authorization(),
            "User-Agent": USER_AGENT,
            "Content-Type": "application/json",
        }
        self.sent.append("%s %s" % (method, url))
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return Reply(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.headers, error.read())


class Reply:
    def __init__(self, status, headers, raw):
        self.status = status
        encoding = (headers.get("Content-Encoding") or "").lower()
        if encoding == "gzip":
            raw = gzip.decompress(raw)
        elif encoding == "deflate":
            raw = zlib.decompress(raw)
        self.text = raw.decode("utf-8", errors="replace")
        try:
            self.body = json.loads(self.text) if self.text else None
        except ValueError:
            self.body = self.text

    def raises(self):
        # pycronofy/request_handler.py: anything but 200 and 202 is a PyCronofyRequestError.
        if self.status in (200, 202):
            return None
        return "PyCronofyRequestError: %s" % self.status

    def json(self):
        """The parsed body, as pycronofy's `.json()` calls need it."""
        if not isinstance(self.body, (dict, list)):
            raise DriverError("the reply is not JSON, which pycronofy reads here: %r" % self.text[:200])
        return self.body


def query_string(params):
    """`requests`' encoding of a params dict (requests/models.py _encode_params): None is left
    out, a list or tuple becomes one key=value per item, anything else is str()'d, so Python's
    True and False arrive as the text "True" and "False"."""
    pairs = []
    for key, values in params.items():
        if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
            values = [values]
        for value in values:
            if value is not None:
                pairs.append((key, value))
    return urllib.parse.urlencode(pairs, doseq=True)


_UNRESERVED = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def requote(url):
    """requests/utils.py requote_uri: escapes what is unsafe in a URL, keeping escapes as given."""

    def unescape(match):
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else match.group(0)

    return urllib.parse.quote(
        re.sub(r"%([0-9A-Fa-f]{2})", unescape, url), safe="!#$%&'()*+,/:;=?@[]~"
    )


def event_time(value):
    """pycronofy/datetime_utils.py format_event_time: a date as YYYY-MM-DD; a datetime turned to
    UTC when it has a zone, then written YYYY-MM-DDTHH:MM:SSZ (no fraction; a naive one is written
    as it is, with the Z); a {time, tzid} dict gets its time written the same way; a string is
    sent untouched; a falsy value passes through."""
    if not value:
        return value
    if isinstance(value, str):
        return value
    if type(value) is datetime.date:
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dict):
        if value.get("time"):
            value["time"] = event_time(value["time"])
        return value
    if type(value) is not datetime.datetime:
        raise DriverError("PyCronofyDateTimeError: unsupported type %s" % type(value).__name__)
    if value.tzinfo is not None:
        value = value.astimezone(datetime.timezone.utc)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def python_values(obj):
    """JSON's stand-ins for Python's date and datetime (see the module's docstring)."""
    if list(obj) == ["$date"]:
        return datetime.date.fromisoformat(obj["$date"])
    if list(obj) == ["$datetime"]:
        text = obj["$datetime"]
        # fromisoformat takes a trailing Z only from Python 3.11 on.
        return datetime.datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    return obj


def read_key(reply, *path):
    """What pycronofy indexes in a reply: a missing key is a KeyError in the application."""
    value = reply.json()
    for key in path:
        if not isinstance(value, dict) or key not in value:
            raise DriverError("KeyError: %r (pycronofy reads %s from this reply)" % (key, "/".join(path)))
        value = value[key]
    return value


def take_tokens(session, reply):
    """pycronofy/client.py after a token reply: expires_in becomes a timedelta and the access and
    refresh tokens are kept, so each must be there."""
    expires_in = read_key(reply, "expires_in")
    if isinstance(expires_in, bool) or not isinstance(expires_in, (int, float)):
        raise DriverError("TypeError: expires_in is %r, which timedelta(seconds=…) refuses" % (expires_in,))
    session.access_token = read_key(reply, "access_token")
    session.refresh_token = read_key(reply, "refresh_token")


def outcome(session, reply, reads=None):
    """The reply as the driver prints it; `reads` runs pycronofy's own look-ups into it."""
    result = {"status": reply.status, "body": reply.body, "sent": session.sent}
    failure = reply.raises()
    if failure is None and reads is not None:
        try:
            reads(reply)
        except DriverError as error:
            failure = str(error)
    if failure is not None:
        result["raises"] = failure
    return result


# Each method below is the pycronofy/client.py method of the same name.


def application_calendar(session, application_calendar_id):
    reply = session.request(
        "POST",
        "application_calendars",
        data={
            "client_id": session.client_id,
            "client_secret": session.client_secret,
            "application_calendar_id": application_calendar_id,
        },
    )
    return outcome(session, reply, lambda r: take_tokens(session, r))


def refresh_authorization(session):
    reply = session.request(
        "POST",
        "oauth/token",
        versioned=False,
        data={
            "grant_type": "refresh_token",
            "client_id": session.client_id,
            "client_secret": session.client_secret,
            "refresh_token": session.refresh_token,
        },
    )
    return outcome(session, reply, lambda r: take_tokens(session, r))


def get_authorization_from_code(session, code, redirect_uri=""):
    reply = session.request(
        "POST",
        "oauth/token",
        versioned=False,
        data={
            "grant_type": "authorization_code",
            "client_id": session.client_id,
            "client_secret": session.client_secret,
            "code": code,
            "redirect_uri": redirect_uri,
        },
    )
    return outcome(session, reply, lambda r: take_tokens(session, r))


def revoke_authorization(session):
    # client.py revokes the access token it holds, never the refresh token, and has no way to
    # revoke by sub.
    reply = session.request(
        "POST",
        "oauth/token/revoke",
        versioned=False,
        data={
            "client_id": session.client_id,
            "client_secret": session.client_secret,
            "token": session.access_token,
        },
    )
    return outcome(session, reply)


def userinfo(session):
    return outcome(session, session.request("GET", "userinfo"), lambda r: r.json())


def list_calendars(session):
    return outcome(session, session.request("GET", "calendars"), lambda r: read_key(r, "calendars"))


def list_profiles(session):
    return outcome(session, session.request("GET", "profiles"), lambda r: read_key(r, "profiles"))


def revoke_profile(session, profile_id):
    return outcome(session, session.request("POST", "profiles/%s/revoke" % profile_id))


def get_conferencing_services_auth_link(session, redirect_uri, provider_name=None):
    data = {"redirect_uri": redirect_uri}
    if provider_name:
        data["provider_name"] = provider_name
    reply = session.request("POST", "conferencing_service_authorizations", data=data)
    return outcome(session, reply, lambda r: read_key(r, "authorization_request", "url"))


def upsert_event(session, calendar_id, event):
    if "start" not in event or "end" not in event:
        raise DriverError("KeyError: upsert_event formats event['start'] and event['end']")
    event["start"] = event_time(event["start"])
    event["end"] = event_time(event["end"])
    return outcome(session, session.request("POST", "calendars/%s/events" % calendar_id, data=event))


def delete_event(session, calendar_id, event_id):
    # client.py sends the event_id in a JSON body of the DELETE, not in the query.
    reply = session.request("DELETE", "calendars/%s/events" % calendar_id, data={"event_id": event_id})
    return outcome(session, reply)


def delete_external_event(session, calendar_id, event_uid):
    reply = session.request("DELETE", "calendars/%s/events" % calendar_id, data={"event_uid": event_uid})
    return outcome(session, reply)


def read_events(
    session,
    calendar_ids=(),
    from_date=None,
    to_date=None,
    last_modified=None,
    tzid=DEFAULT_TZID,
    only_managed=False,
    include_managed=True,
    include_deleted=False,
    include_moved=False,
    include_geo=False,
    localized_times=False,
    automatic_pagination=True,
):
    # client.py: every flag goes out on every read, defaults included, and the calendars as
    # repeated `calendar_ids[]` keys.
    reply = session.request(
        "GET",
        "events",
        params={
            "tzid": tzid,
            "calendar_ids[]": calendar_ids,
            "from": event_time(from_date),
            "to": event_time(to_date),
            "last_modified": event_time(last_modified),
            "only_managed": only_managed,
            "include_managed": include_managed,
            "include_deleted": include_deleted,
            "include_moved": include_moved,
            "include_geo": include_geo,
            "localized_times": localized_times,
        },
    )
    return follow_pages(session, reply, "events", automatic_pagination)


def follow_pages(session, reply, data_type, automatic_pagination):
    """pycronofy/pagination.py Pages, iterated to the end: it asks for pages.next_page, as given and
    with no parameters of its own, for as long as pages.current < pages.total."""
    events, pages = [], []
    while True:
        if reply.raises():
            return dict(outcome(session, reply), **{"pages_read": pages})
        try:
            page = read_key(reply, "pages")
            current, total = read_key(reply, "pages", "current"), read_key(reply, "pages", "total")
            events.extend(read_key(reply, data_type))
        except DriverError as error:
            return dict(outcome(session, reply), raises=str(error), pages_read=pages)
        pages.append(page)
        if not (automatic_pagination and current < total):
            break
        if not page.get("next_page"):
            return {
                "status": reply.status,
                "body": reply.body,
                "sent": session.sent,
                "raises": "MissingSchema: pages.current < pages.total but there is no next_page",
            }
        reply = session.request("GET", url=page["next_page"])
    return {"status": reply.status, "body": {data_type: events, "pages": pages}, "sent": session.sent}


def create_notification_channel(session, callback_url, calendar_ids=(), only_managed=False):
    data = {"callback_url": callback_url}
    filters = {}
    if calendar_ids:
        filters["calendar_ids"] = list(calendar_ids)
    if only_managed:
        filters["only_managed"] = only_managed
    if filters:
        data["filters"] = filters
    reply = session.request("POST", "channels", data=data)
    return outcome(session, reply, lambda r: read_key(r, "channel"))


def list_notification_channels(session):
    return outcome(session, session.request("GET", "channels"), lambda r: read_key(r, "channels"))


def close_notification_channel(session, channel_id):
    return outcome(session, session.request("DELETE", "channels/%s" % channel_id))


def hmac_valid(session, hmac_string, body):
    """client.py: base64 of HMAC-SHA256 over the body, keyed with the client secret, compared in
    constant time with each comma-separated value of the Cronofy-HMAC-SHA256 header."""
    if not hmac_string:
        return {"result": False}
    digest = hmac.new(session.client_secret.encode(), body.encode(), hashlib.sha256).digest()
    calculated = base64.b64encode(digest).strip()
    return {
        "result": any(hmac.compare_digest(value.encode(), calculated) for value in hmac_string.split(","))
    }


METHODS = {
    f.__name__: f
    for f in (
        application_calendar,
        refresh_authorization,
        get_authorization_from_code,
        revoke_authorization,
        userinfo,
        list_calendars,
        list_profiles,
        revoke_profile,
        get_conferencing_services_auth_link,
        upsert_event,
        delete_event,
        delete_external_event,
        read_events,
        create_notification_channel,
        list_notification_channels,
        close_notification_channel,
        hmac_valid,
    )
}


def main(argv):
    parser = argparse.ArgumentParser(description="Send what pycronofy 2.0.7 sends.")
    parser.add_argument("method", choices=sorted(METHODS))
    parser.add_argument("args", nargs="?", default="{}", help="keyword arguments as JSON")
    parser.add_argument("--api-base-url", default=os.environ.get("PYCRONOFY_API_BASE_URL"))
    parser.add_argument("--client-id", default=os.environ.get("PYCRONOFY_CLIENT_ID"))
    parser.add_argument("--client-secret", default=os.environ.get("PYCRONOFY_CLIENT_SECRET"))
    parser.add_argument("--access-token", default=os.environ.get("PYCRONOFY_ACCESS_TOKEN"))
    parser.add_argument("--refresh-token", default=os.environ.get("PYCRONOFY_REFRESH_TOKEN"))
    options = parser.parse_args(argv)
    if not options.api_base_url:
        parser.error("give the API base URL: PYCRONOFY_API_BASE_URL or --api-base-url")
    try:
        kwargs = json.loads(options.args, object_hook=python_values)
    except ValueError as error:
        parser.error("the arguments are not JSON: %s" % error)
    if not isinstance(kwargs, dict):
        parser.error("the arguments must be a JSON object of keyword arguments")
    session = Session(
        options.api_base_url,
        options.client_id,
        options.client_secret,
        options.access_token,
        options.refresh_token,
    )
    try:
        result = METHODS[options.method](session, **kwargs)
    except DriverError as error:
        result = {"error": str(error), "sent": session.sent}
    except TypeError as error:
        # A wrong keyword (pycronofy's own TypeError), or a value json cannot write.
        result = {"error": "TypeError: %s" % error, "sent": session.sent}
    except (urllib.error.URLError, OSError) as error:
        result = {"error": "ConnectionError: %s" % error, "sent": session.sent}
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
