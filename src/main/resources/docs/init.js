// Swagger UI's start-up, as a file so the page needs no inline script under the Content-Security-Policy.
window.ui = SwaggerUIBundle({
  url: "/api/docs/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  // the API is same-origin: "Try it out" sends the browser's session cookie, or an X-API-Key typed in "Authorize"
  withCredentials: true
});
