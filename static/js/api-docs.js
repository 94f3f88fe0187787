/* The API docs page (/api/v1/docs/): swagger-ui with the settings the page carries as JSON
   (templates/api/docs.html); no inline script, so the site's Content-Security-Policy holds. */
(function () {
  "use strict";
  var settings = JSON.parse(document.getElementById("swagger-settings").textContent);
  settings.dom_id = "#swagger-ui";
  settings.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
  window.ui = SwaggerUIBundle(settings);
})();
