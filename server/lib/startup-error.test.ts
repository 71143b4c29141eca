import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startupErrorLine } from './startup-error.ts';

const errno = (props: Record<string, unknown>) => Object.assign(new Error('raw message'), props);

describe('startupErrorLine', () => {
  it('says which setting to change for listen failures', () => {
    assert.equal(
      startupErrorLine(errno({ syscall: 'listen', code: 'EADDRINUSE', port: 8080, address: '0.0.0.0' })),
      'port 8080 on 0.0.0.0 is already in use by another program; stop it or set PORT to a free port',
    );
    for (const code of ['EACCES', 'EPERM']) {
      assert.equal(
        startupErrorLine(errno({ syscall: 'listen', code, port: 80, address: '0.0.0.0' })),
        'no permission to listen on port 80 (ports below 1024 need root); set PORT to 1024 or above',
      );
    }
    assert.match(startupErrorLine(errno({ syscall: 'listen', code: 'EADDRNOTAVAIL', port: 1, address: '10.9.9.9' })), /^cannot listen on 10\.9\.9\.9: .*set HOST/);
  });

  it('keeps other errors to their message on one line', () => {
    assert.equal(startupErrorLine(new Error('first\n  second\tthird')), 'first second third');
    assert.equal(startupErrorLine(errno({ syscall: 'open', code: 'EACCES' })), 'raw message');
    assert.equal(startupErrorLine('plain string'), 'plain string');
    assert.equal(startupErrorLine(undefined), 'undefined');
  });

  it('explains an AggregateError (a refused DATABASE_URL) by its inner errors', () => {
    const err = new AggregateError([new Error('connect ECONNREFUSED ::1:5432'), new Error('connect ECONNREFUSED 127.0.0.1:5432')], '');
    assert.equal(startupErrorLine(err), 'connect ECONNREFUSED ::1:5432; connect ECONNREFUSED 127.0.0.1:5432');
    assert.equal(startupErrorLine(Object.assign(new AggregateError([], ''), { name: 'AggregateError' })), 'AggregateError');
  });

  it('points at DATABASE_URL when the database cannot be reached or refuses the login', () => {
    assert.equal(
      startupErrorLine(errno({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' })),
      'cannot connect to the database (connect ECONNREFUSED 127.0.0.1:5432); check DATABASE_URL and that its server is up',
    );
    assert.match(startupErrorLine(errno({ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND db.example' })), /^cannot connect to the database \(getaddrinfo ENOTFOUND db\.example\); check DATABASE_URL/);
    assert.equal(
      startupErrorLine(errno({ code: '28P01', message: 'password authentication failed for user "app"' })),
      'the database refused the login (password authentication failed for user "app"); check the user and password in DATABASE_URL',
    );
    assert.equal(startupErrorLine(errno({ code: '3D000', message: 'database "nope" does not exist' })), 'database "nope" does not exist; create it or fix the database name in DATABASE_URL');
  });

  it('cuts a very long message', () => {
    const line = startupErrorLine(new Error('x'.repeat(5000)));
    assert.equal(line.length, 600);
    assert.ok(line.endsWith('...'));
  });
});
