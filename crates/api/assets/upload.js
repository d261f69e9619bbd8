// Progressive enhancement of the upload form (/hochladen): the form becomes a drop zone. A file
// dropped on it is put into the form's own file input and the same form is submitted, so the
// server sees exactly what the plain file picker sends (csrf_token, file, dry_run). Without
// this script, and with keyboard or file picker, the form works unchanged.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form || !window.DataTransfer) {
    return;
  }
  var input = form.querySelector("input[type=file]");
  var zone = form.querySelector(".dropzone");
  if (!input || !zone) {
    return;
  }
  form.classList.add("js-dropzone");
  var depth = 0;

  function hasFiles(event) {
    var types = event.dataTransfer && event.dataTransfer.types;
    return !!types && Array.prototype.indexOf.call(types, "Files") !== -1;
  }

  zone.addEventListener("dragenter", function (event) {
    if (!hasFiles(event)) {
      return;
    }
    event.preventDefault();
    depth += 1;
    zone.classList.add("dragover");
  });
  zone.addEventListener("dragover", function (event) {
    if (!hasFiles(event)) {
      return;
    }
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
  });
  zone.addEventListener("dragleave", function () {
    depth = Math.max(0, depth - 1);
    if (depth === 0) {
      zone.classList.remove("dragover");
    }
  });
  zone.addEventListener("drop", function (event) {
    if (!hasFiles(event)) {
      return;
    }
    event.preventDefault();
    depth = 0;
    zone.classList.remove("dragover");
    var files = event.dataTransfer.files;
    if (!files || files.length === 0) {
      return;
    }
    // Only the first file: the form uploads one file at a time.
    var one = new DataTransfer();
    one.items.add(files[0]);
    input.files = one.files;
    zone.classList.add("busy");
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit();
    } else {
      form.submit();
    }
  });
})();
