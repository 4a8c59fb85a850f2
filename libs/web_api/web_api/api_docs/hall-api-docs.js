// Starts Swagger UI on the OpenAPI document the page names (data-openapi), offline: no
// validator badge (it would call validator.swagger.io), no outside request.
window.addEventListener("load", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.getAttribute("data-openapi"),
    domNode: root,
    deepLinking: true,
    validatorUrl: null,
    tryItOutEnabled: false,
    displayOperationId: true,
    persistAuthorization: false,
  });
});
