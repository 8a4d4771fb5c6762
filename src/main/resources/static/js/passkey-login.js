// Passkey sign-in with Spring Security's WebAuthn endpoints. Shown only where the browser can
// use passkeys; the password form works without any script.
(function () {
  var box = document.querySelector('[data-passkey]');
  var button = document.getElementById('passkey-signin');
  if (!window.PublicKeyCredential || !box || !button) { return; }
  box.hidden = false;
  var headers = TsunaguPasskey.headers();
  var decode = TsunaguPasskey.decode;
  var encode = TsunaguPasskey.encode;
  button.addEventListener('click', async function () {
    try {
      var options = await (await fetch('/webauthn/authenticate/options', { method: 'POST', headers: headers })).json();
      options.challenge = decode(options.challenge);
      options.allowCredentials = (options.allowCredentials || []).map(function (c) {
        return Object.assign({}, c, { id: decode(c.id) });
      });
      var cred = await navigator.credentials.get({ publicKey: options });
      var body = { id: cred.id, rawId: encode(cred.rawId),
        credType: cred.type, clientExtensionResults: cred.getClientExtensionResults(),
        authenticatorAttachment: cred.authenticatorAttachment,
        response: { authenticatorData: encode(cred.response.authenticatorData),
          clientDataJSON: encode(cred.response.clientDataJSON), signature: encode(cred.response.signature),
          userHandle: cred.response.userHandle ? encode(cred.response.userHandle) : undefined } };
      var response = await fetch('/login/webauthn', { method: 'POST', headers: headers, body: JSON.stringify(body) });
      var result = response.ok ? await response.json() : null;
      if (!result || !result.authenticated) { throw new Error('HTTP ' + response.status); }
      window.location.href = result.redirectUrl;
    } catch (e) {
      var error = document.getElementById('passkey-error');
      error.dataset.reason = String(e && e.message || e);
      error.hidden = false;
    }
  });
})();
