// response_mode=form_post: hand the answer to the partner service at once (the button is there
// for browsers without script).
document.getElementById('form-post').submit();
