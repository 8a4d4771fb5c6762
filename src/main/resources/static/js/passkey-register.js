// Adds a passkey to the signed-in account with Spring Security's WebAuthn endpoints.
(function () {
  var box = document.querySelector('[data-passkey]');
  var button = document.getElementById('passkey-register');
  if (!window.PublicKeyCredential || !box || !button) { return; }
  box.hidden = false;
  var headers = TsunaguPasskey.headers();
  var decode = TsunaguPasskey.decode;
  var encode = TsunaguPasskey.encode;
  button.addEventListener('click', async function () {
    var error = document.getElementById('passkey-error');
    error.hidden = true;
    try {
      var options = await (await fetch('/webauthn/register/options', { method: 'POST', headers: headers })).json();
      options.user.id = decode(options.user.id);
      options.challenge = decode(options.challenge);
      options.excludeCredentials = (options.excludeCredentials || []).map(function (c) {
        return Object.assign({}, c, { id: decode(c.id) });
      });
      var created = await navigator.credentials.create({ publicKey: options });
      var body = { publicKey: { label: document.getElementById('passkey-label').value || 'passkey', credential: {
        id: created.id, rawId: encode(created.rawId), type: created.type,
        response: { attestationObject: encode(created.response.attestationObject),
          clientDataJSON: encode(created.response.clientDataJSON),
          transports: created.response.getTransports ? created.response.getTransports() : [] },
        clientExtensionResults: created.getClientExtensionResults(),
        authenticatorAttachment: created.authenticatorAttachment } } };
      var result = await fetch('/webauthn/register', { method: 'POST', headers: headers, body: JSON.stringify(body) });
      if (!result.ok) { throw new Error('HTTP ' + result.status); }
      window.location.href = '/account?passkey-added#passkeys';
    } catch (e) {
      error.hidden = false;
    }
  });
})();
