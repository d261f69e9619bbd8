// Starts Swagger UI on the service's own OpenAPI document. A file rather than an inline script,
// so that the Content-Security-Policy can forbid inline scripts; no validator, no external calls.
"use strict";
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/api/v1/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    validatorUrl: null,
  });
});
