#!/usr/bin/env python3
"""Recomputes the signature of every receipt fixture in this folder from its request and secret.

Usage: python3 verify_signatures.py          (checks every *.json here; exit 1 on a mismatch)

The algorithms follow the providers' official SDKs (see docs/providers.md for the sources):
  twilio-hmac-sha1   twilio-csharp Twilio.Security.RequestValidator
  vonage-<method>    Vonage PHP SDK Vonage\\Client\\Signature (md5hash, md5, sha1, sha256, sha512)
  plivo-v3           plivo-python plivo/utils/signature_v3.py (== plivo-go ComputeSignatureV3)
  url-token          BulkSMS / Clickatell / generic: a secret token in the callback URL, compared as is
It is a test aid kept beside the fixtures so that vectors marked "computed" can be re-derived.
"""
import base64, glob, hashlib, hmac, json, os, sys
from urllib.parse import urlparse, urlunparse, parse_qs

def twilio_base(url, params):
    return url + ''.join(k + params[k] for k in sorted(params))

def twilio_sign(secret, url, params):
    return base64.b64encode(hmac.new(secret.encode(), twilio_base(url, params).encode(), hashlib.sha1).digest()).decode()

def vonage_base(params):
    signed = {k: v for k, v in params.items() if k != 'sig'}
    return '&' + '&'.join(f"{k}={str(signed[k]).replace('&', '_').replace('=', '_')}" for k in sorted(signed))

def vonage_sign(method, secret, params):
    base = vonage_base(params)
    if method == 'md5hash':
        return hashlib.md5((base + secret).encode()).hexdigest()
    return hmac.new(secret.encode(), base.encode(), getattr(hashlib, method)).hexdigest().upper()

def _sorted_query(params):
    out = []
    for k in sorted(params):
        v = params[k]
        out.append('&'.join(f'{k}={x}' for x in sorted(v)) if isinstance(v, list) else f'{k}={v}')
    return '&'.join(out)

def plivo_base(method, uri, params):
    p = urlparse(uri)
    base = urlunparse((p.scheme, p.netloc, p.path, '', '', ''))
    query = {k: v for k, v in parse_qs(p.query, keep_blank_values=True).items()}
    if method == 'GET':
        merged = dict(params); merged.update(query)
        q = _sorted_query(merged)
        return base + ('?' + q if q else '')
    q = _sorted_query(query)
    if q:
        base += '?' + q + '.'
    elif params:
        base += '?'
    return base + ''.join(f'{k}{params[k]}' for k in sorted(params))

def plivo_sign(secret, method, uri, params, nonce):
    msg = f'{plivo_base(method, uri, params)}.{nonce}'
    return base64.b64encode(hmac.new(secret.encode(), msg.encode(), hashlib.sha256).digest()).decode()

def params_of(req):
    return req.get('form') or req.get('query') or {}

def check(path):
    fx = json.load(open(path, encoding='utf-8'))
    scheme, secret, req, sig = fx['scheme'], fx.get('secret'), fx['request'], fx['signing']
    if scheme == 'twilio-hmac-sha1':
        base, got = twilio_base(req['url'], params_of(req)), twilio_sign(secret, req['url'], params_of(req))
    elif scheme.startswith('vonage-'):
        p = params_of(req) if not req.get('json') else {k: str(v) for k, v in req['json'].items()}
        base, got = vonage_base(p), vonage_sign(scheme[len('vonage-'):], secret, p)
    elif scheme == 'plivo-v3':
        nonce = req['headers']['X-Plivo-Signature-V3-Nonce']
        base = plivo_base(req['method'], req['url'], params_of(req)) + '.' + nonce
        got = plivo_sign(secret, req['method'], req['url'], params_of(req), nonce)
    elif scheme == 'url-token':
        base, got = secret, secret
    else:
        raise SystemExit(f'{path}: unknown scheme {scheme}')
    problems = []
    if sig.get('input') is not None and sig['input'] != base:
        problems.append(f'signed input differs:\n  fixture: {sig["input"]!r}\n  derived: {base!r}')
    if sig['expectedSignature'] != got:
        problems.append(f'expectedSignature {sig["expectedSignature"]} != derived {got}')
    presented = sig.get('presented', sig['expectedSignature'])
    valid = hmac.compare_digest(presented.lower(), got.lower()) if scheme.startswith('vonage-') else hmac.compare_digest(presented, got)
    if valid != fx['expected']['valid']:
        problems.append(f'presented signature valid={valid}, fixture says {fx["expected"]["valid"]}')
    return problems

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    bad = 0
    for path in sorted(glob.glob(os.path.join(here, '*.json'))):
        problems = check(path)
        print(('FAIL ' if problems else 'ok   ') + os.path.basename(path))
        for p in problems:
            print('     ' + p)
        bad += bool(problems)
    sys.exit(1 if bad else 0)

if __name__ == '__main__':
    main()
