// The till's QR reader: the camera (getUserMedia) or a photo, decoded by jsQR (served by Tsunagu,
// static/js/vendor), fills the code field and looks the coupon up, the same as typing the short
// code or a keyboard-wedge scanner would. Nothing is used without the confirmation page.
(function () {
  var box = document.querySelector('[data-scan]');
  if (!box || typeof jsQR !== 'function') { return; }
  var form = document.getElementById('code-form');
  var field = document.getElementById('code');
  var message = document.getElementById('scan-message');
  var video = document.getElementById('scan-video');
  var canvas = document.createElement('canvas');

  function decode(source, width, height) {
    canvas.width = width;
    canvas.height = height;
    var context = canvas.getContext('2d', { willReadFrequently: true });
    context.drawImage(source, 0, 0, width, height);
    var found = jsQR(context.getImageData(0, 0, width, height).data, width, height);
    return found ? found.data : null;
  }

  function use(text) {
    field.value = text;
    form.submit();
  }

  document.getElementById('scan-photo').addEventListener('change', function (e) {
    var file = e.target.files && e.target.files[0];
    if (!file) { return; }
    // a data: URL, not a blob: one: the page's Content-Security-Policy allows images from 'self' and data: only
    var reader = new FileReader();
    reader.onload = function () {
      var image = new Image();
      image.onload = function () {
        var text = decode(image, image.naturalWidth, image.naturalHeight);
        if (text) { use(text); } else { message.textContent = box.dataset.unreadable; }
      };
      image.onerror = function () { message.textContent = box.dataset.unreadable; };
      image.src = reader.result;
    };
    reader.readAsDataURL(file);
  });

  document.getElementById('camera').addEventListener('click', function () {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      message.textContent = box.dataset.noCamera;
      return;
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } }).then(function (stream) {
      video.hidden = false;
      video.srcObject = stream;
      video.play();
      var timer = setInterval(function () {
        if (video.readyState < 2) { return; }
        var text = decode(video, video.videoWidth, video.videoHeight);
        if (text) {
          clearInterval(timer);
          stream.getTracks().forEach(function (t) { t.stop(); });
          use(text);
        }
      }, 250);
    }, function () { message.textContent = box.dataset.noCamera; });
  });
})();
