// The reference server: a bare Express 5 POST handler that reads the body and answers 200.
import express from 'express';

const app = express();
app.get('/healthz', (_req, res) => void res.send('ok'));
app.post('/webhooks/meta', express.raw({ type: () => true, limit: '3mb' }), (_req, res) => {
  res.status(200).send('EVENT_RECEIVED');
});
app.listen(Number(process.env.PORT), '127.0.0.1');
