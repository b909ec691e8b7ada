declare module 'swagger-ui-dist/swagger-ui-es-bundle.js' {
  const SwaggerUIBundle: (options: {
    url: string;
    dom_id: string;
    deepLinking?: boolean;
    defaultModelsExpandDepth?: number;
    validatorUrl?: string | null;
  }) => unknown;
  export default SwaggerUIBundle;
}
