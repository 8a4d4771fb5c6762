// What signing in with a passkey and adding one share: the page's CSRF header for Spring Security's
// WebAuthn endpoints, and the base64url the JSON carries binary data in.
window.TsunaguPasskey = {
  headers: function () {
    var headers = { 'Content-Type': 'application/json' };
    headers[document.querySelector('meta[name=_csrf_header]').content] =
        document.querySelector('meta[name=_csrf]').content;
    return headers;
  },
  decode: function (s) {
    var b = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(b, function (c) { return c.charCodeAt(0); }).buffer;
  },
  encode: function (buf) {
    return btoa(String.fromCharCode.apply(null, new Uint8Array(buf)))
      .replace(/=/g, '').replace(/\+/g, '-').replace(/\//g, '_');
  }
};
