// Imported first by security.test.ts: payload.config.ts reads CORS_ORIGINS (its CSRF list) when it loads.
process.env.CORS_ORIGINS = 'https://app.example, http://localhost:5173'
process.env.SERVER_URL = 'http://admin.example'
