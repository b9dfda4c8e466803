// The Sandbox API this mock serves, in Swagger UI (shipped by the swagger-ui-bundle package):
// "Try it out" sends the requests to this mock, and the Requests page shows them as they complete.
"use strict";

window.addEventListener("DOMContentLoaded", () => {
  window.ui = window.SwaggerUIBundle({
    url: "sandbox-api.json",
    dom_id: "#swagger",
    deepLinking: false,
    tryItOutEnabled: true,
    displayRequestDuration: true,
    defaultModelsExpandDepth: 0,
    docExpansion: "list",
  });
});
