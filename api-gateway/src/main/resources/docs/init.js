window.ui = SwaggerUIBundle({ url: '/openapi/gateway.yaml', dom_id: '#swagger-ui', deepLinking: true });
