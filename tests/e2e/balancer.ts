import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A real load balancer for the scale-out tests: Debian's nginx, started by the test with a
 * configuration of its own (the one README "Deployment" describes), round-robin over the app's
 * instances. Every answer carries the instance that gave it (`X-Sorgu-Upstream`) so that a test
 * can see a respondent's requests land on different instances.
 */
export const UPSTREAM_HEADER = 'x-sorgu-upstream';

export function nginxConfig(dir: string, listenPort: number, instancePorts: number[]): string {
  return `
# Written by tests/e2e/balancer.ts.
${process.getuid?.() === 0 ? '# The test runs as root: workers too, so that they can write the temp paths below.\nuser root;' : ''}
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/client-body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;

  upstream sorgu {
    # An instance that fails 3 times within 5 s is left alone for 5 s; requests go to the others.
    ${instancePorts.map((port) => `server 127.0.0.1:${port} max_fails=3 fail_timeout=5s;`).join('\n    ')}
    keepalive 32;
  }

  server {
    listen 127.0.0.1:${listenPort};
    # The largest body the app accepts is a staff import; the app enforces its own limits.
    client_max_body_size 5m;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    # Host with its port: server actions compare it with the browser's Origin.
    proxy_set_header Host $http_host;
    # Replaced, never appended: the client's own X-Forwarded-For is not passed on (TRUSTED_PROXIES).
    proxy_set_header X-Forwarded-For $remote_addr;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_read_timeout 60s;
    add_header ${UPSTREAM_HEADER} $upstream_addr always;
    location / {
      proxy_pass http://sorgu;
      # A request no instance received (connection refused) goes to the next one; a POST that
      # reached an instance is never sent again (nginx's default for non-idempotent methods).
      proxy_next_upstream error timeout;
    }
    location /api/ {
      proxy_pass http://sorgu;
      # Downloads count their uses and beacons write: never repeated on a second instance.
      proxy_next_upstream off;
    }
  }
}
`;
}

/** Starts nginx in the foreground; resolves once it answers on `listenPort`. */
export async function startBalancer(dir: string, listenPort: number, instancePorts: number[]): Promise<ChildProcess> {
  const which = spawnSync('sh', ['-c', 'command -v nginx || ls /usr/sbin/nginx'], { encoding: 'utf8' });
  const binary = which.stdout.trim().split('\n')[0];
  if (which.status !== 0 || !binary) throw new Error('nginx is not installed: apt-get install nginx-light (.ci/run installs it)');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const config = path.resolve(dir, 'nginx.conf');
  writeFileSync(config, nginxConfig(path.resolve(dir), listenPort, instancePorts));
  const check = spawnSync(binary, ['-t', '-c', config, '-p', path.resolve(dir)], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t: ${check.stderr}`);
  const nginx = spawn(binary, ['-c', config, '-p', path.resolve(dir)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  nginx.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  for (const started = Date.now(); Date.now() - started < 30_000; ) {
    if (nginx.exitCode !== null) throw new Error(`nginx exited (${nginx.exitCode}): ${stderr}`);
    // Any answer (a 502 while no instance is up) means nginx listens.
    if (await fetch(`http://127.0.0.1:${listenPort}/api/health`).then(() => true, () => false)) return nginx;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nginx did not listen on ${listenPort}: ${stderr}`);
}
