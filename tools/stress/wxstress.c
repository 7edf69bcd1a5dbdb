/*
 * wxstress: webbench- and http_load-compatible HTTP load generators in one event-driven program.
 *
 *   wxstress webbench [-f] [-r] [-9|-1|-2] [--get|--head|--options|--trace] [-t sec] [-c clients]
 *                     [-p host:port] URL
 *   wxstress http_load [-verbose] [-timeout secs] (-parallel N | -rate N [-jitter])
 *                      (-fetches N | -seconds N) url_file
 *
 * Same flags and report lines as Radim Kolar's webbench 1.5 and Jef Poskanzer's http_load, but
 * one process with non-blocking sockets and epoll instead of one process per client, so that
 * 10,000 clients fit on a small machine. Differences from the originals (documented in
 * docs/stress.md): a response only counts as a success when it is complete and its status is below
 * 400; requests still in flight when the time is up are not counted; every request has a timeout
 * (webbench -T, default 10 s) that counts as a failure.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BUFSZ 16384
#define MAX_URL 2048

typedef struct {
    char url[MAX_URL];
    struct sockaddr_storage addr;
    socklen_t addrlen;
    char *req;
    size_t reqlen;
} target_t;

enum { S_FREE = 0, S_CONNECTING, S_WRITING, S_READING };

typedef struct {
    int fd;
    int state;
    int target;
    size_t written;
    double t_start, t_connected, t_first, deadline;
    long long bytes;      /* all bytes read */
    long long body_bytes; /* bytes after the header */
    int status;
    char head[64]; /* first bytes: status line */
    int headlen;
    int hdr_state; /* for finding \r\n\r\n */
    int hdr_done;
} conn_t;

static target_t *targets;
static int ntargets;
static conn_t *conns;
static int nconns;
static int epfd;
static const char *prog = "wxstress";

/* statistics */
static long long st_ok, st_failed, st_bytes, st_timeouts, st_fetches, st_body_bytes;
static long long status_counts[1000];
static double conn_sum, conn_max, conn_min = 1e18, first_sum, first_max, first_min = 1e18;
static long long conn_n, first_n;
static int cur_parallel, max_parallel;
static long long err_reported;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(int code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(code);
}

static void raise_nofile(long want) {
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        rlim_t target = want > 0 ? (rlim_t)want : rl.rlim_max;
        if (target > rl.rlim_max) {
            struct rlimit up = {target, target};
            if (setrlimit(RLIMIT_NOFILE, &up) == 0) return;
            target = rl.rlim_max;
        }
        if (rl.rlim_cur < target) {
            rl.rlim_cur = target;
            setrlimit(RLIMIT_NOFILE, &rl);
        }
    }
}

static long nofile_limit(void) {
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    return (long)rl.rlim_cur;
}

/* parse http://host[:port]/path into host, port, path; returns 0 on success */
static int parse_url(const char *url, char *host, size_t hostsz, int *port, char *path, size_t pathsz) {
    const char *p;
    if (strncasecmp(url, "http://", 7) != 0) return -1;
    p = url + 7;
    const char *slash = strchr(p, '/');
    size_t hl = slash ? (size_t)(slash - p) : strlen(p);
    if (hl == 0 || hl >= hostsz) return -1;
    memcpy(host, p, hl);
    host[hl] = 0;
    *port = 80;
    char *colon = strrchr(host, ':');
    if (colon && host[0] != '[') {
        char *end;
        long v = strtol(colon + 1, &end, 10);
        if (*end || v <= 0 || v > 65535) return -1;
        *port = (int)v;
        *colon = 0;
    }
    snprintf(path, pathsz, "%s", slash ? slash : "/");
    return 0;
}

static int resolve(const char *host, int port, struct sockaddr_storage *ss, socklen_t *len) {
    struct addrinfo hints, *res;
    char ports[16];
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    snprintf(ports, sizeof ports, "%d", port);
    if (getaddrinfo(host, ports, &hints, &res) != 0) return -1;
    memcpy(ss, res->ai_addr, res->ai_addrlen);
    *len = res->ai_addrlen;
    freeaddrinfo(res);
    return 0;
}

static void conn_close(conn_t *c) {
    if (c->fd >= 0) {
        epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
        close(c->fd);
    }
    c->fd = -1;
    c->state = S_FREE;
    cur_parallel--;
}

static int conn_start(conn_t *c, int t, double timeout) {
    target_t *tg = &targets[t];
    memset(c, 0, sizeof *c);
    c->fd = socket(tg->addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    c->target = t;
    c->t_start = now();
    c->deadline = c->t_start + timeout;
    cur_parallel++;
    if (cur_parallel > max_parallel) max_parallel = cur_parallel;
    if (c->fd < 0) {
        c->state = S_CONNECTING;
        return -1;
    }
    int r = connect(c->fd, (struct sockaddr *)&tg->addr, tg->addrlen);
    if (r < 0 && errno != EINPROGRESS) {
        c->state = S_CONNECTING;
        return -1;
    }
    c->state = S_CONNECTING;
    struct epoll_event ev = {.events = EPOLLOUT, .data.ptr = c};
    epoll_ctl(epfd, EPOLL_CTL_ADD, c->fd, &ev);
    return 0;
}

/* returns: 0 in progress, 1 done ok, -1 failed */
static int conn_io(conn_t *c, uint32_t events) {
    target_t *tg = &targets[c->target];
    char buf[BUFSZ];
    if (c->state == S_CONNECTING) {
        int err = 0;
        socklen_t el = sizeof err;
        getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &el);
        if (err) {
            errno = err;
            return -1;
        }
        c->t_connected = now();
        c->state = S_WRITING;
    }
    if (c->state == S_WRITING) {
        while (c->written < tg->reqlen) {
            ssize_t w = write(c->fd, tg->req + c->written, tg->reqlen - c->written);
            if (w < 0) {
                if (errno == EAGAIN) return 0;
                return -1;
            }
            c->written += (size_t)w;
        }
        c->state = S_READING;
        struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP, .data.ptr = c};
        epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
        return 0;
    }
    if (c->state == S_READING && (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))) {
        for (;;) {
            ssize_t n = read(c->fd, buf, sizeof buf);
            if (n < 0) {
                if (errno == EAGAIN) return 0;
                return -1;
            }
            if (n == 0) {
                if (c->status <= 0) {
                    errno = EPROTO;
                    return -1;
                }
                return 1;
            }
            if (c->bytes == 0) c->t_first = now();
            c->bytes += n;
            for (ssize_t i = 0; i < n; i++) {
                if (c->headlen < (int)sizeof c->head - 1 && !c->hdr_done) c->head[c->headlen++] = buf[i];
                if (!c->hdr_done) {
                    char ch = buf[i];
                    if ((c->hdr_state == 0 || c->hdr_state == 2) && ch == '\r')
                        c->hdr_state++;
                    else if ((c->hdr_state == 1 || c->hdr_state == 3) && ch == '\n')
                        c->hdr_state++;
                    else
                        c->hdr_state = 0;
                    if (c->hdr_state == 4) {
                        c->hdr_done = 1;
                        c->body_bytes += n - i - 1;
                        break;
                    }
                } else {
                    c->body_bytes += n - i;
                    break;
                }
            }
            if (c->status == 0 && c->headlen >= 12) {
                c->head[c->headlen] = 0;
                int code = 0;
                if (sscanf(c->head, "HTTP/%*d.%*d %d", &code) == 1 && code >= 100 && code < 1000)
                    c->status = code;
                else
                    c->status = -1;
            }
        }
    }
    return 0;
}

static char *build_request(const char *method, const char *host, int port, const char *path, int http, const char *agent,
                           int reload, const char *proxy_url) {
    char *r = malloc(MAX_URL + 512);
    char hosthdr[300];
    if (port == 80)
        snprintf(hosthdr, sizeof hosthdr, "%s", host);
    else
        snprintf(hosthdr, sizeof hosthdr, "%s:%d", host, port);
    const char *target = proxy_url ? proxy_url : path;
    if (http == 0) {
        snprintf(r, MAX_URL + 512, "%s %s\r\n", method, target);
    } else {
        snprintf(r, MAX_URL + 512, "%s %s HTTP/1.%d\r\nUser-Agent: %s\r\nHost: %s\r\n%s%s\r\n", method, target,
                 http == 2 ? 1 : 0, agent, hosthdr, reload ? "Pragma: no-cache\r\n" : "",
                 http == 2 ? "Connection: close\r\n" : "");
    }
    return r;
}

static void note_error(const char *url, int err) {
    if (err_reported < 5) fprintf(stderr, "%s: %s\n", url, strerror(err));
    err_reported++;
}

/* ------------------------------------------------------------------ webbench */

static void webbench_usage(void) {
    fprintf(stderr,
            "webbench [option]... URL\n"
            "  -f|--force               Don't wait for reply from server.\n"
            "  -r|--reload              Send reload request - Pragma: no-cache.\n"
            "  -t|--time <sec>          Run benchmark for <sec> seconds. Default 30.\n"
            "  -p|--proxy <server:port> Use proxy server for request.\n"
            "  -c|--clients <n>         Run <n> HTTP clients at once. Default one.\n"
            "  -T|--timeout <sec>       Count a request as failed after <sec> seconds. Default 10.\n"
            "  -9|--http09              Use HTTP/0.9 style requests.\n"
            "  -1|--http10              Use HTTP/1.0 protocol.\n"
            "  -2|--http11              Use HTTP/1.1 protocol.\n"
            "  --get                    Use GET request method.\n"
            "  --head                   Use HEAD request method.\n"
            "  --options                Use OPTIONS request method.\n"
            "  --trace                  Use TRACE request method.\n"
            "  -?|-h|--help             This information.\n"
            "  -V|--version             Display program version.\n");
}

static int webbench_main(int argc, char **argv) {
    int clients = 1, bench = 30, force = 0, reload = 0, http = 1;
    double timeout = 10;
    const char *method = "GET", *proxy = NULL, *url = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
#define NEXT()                                                                       \
    do {                                                                             \
        if (i + 1 >= argc) {                                                         \
            webbench_usage();                                                        \
            return 2;                                                                \
        }                                                                            \
        a = argv[++i];                                                               \
    } while (0)
        if (!strcmp(a, "-f") || !strcmp(a, "--force")) force = 1;
        else if (!strcmp(a, "-r") || !strcmp(a, "--reload")) reload = 1;
        else if (!strcmp(a, "-9") || !strcmp(a, "--http09")) http = 0;
        else if (!strcmp(a, "-1") || !strcmp(a, "--http10")) http = 1;
        else if (!strcmp(a, "-2") || !strcmp(a, "--http11")) http = 2;
        else if (!strcmp(a, "--get")) method = "GET";
        else if (!strcmp(a, "--head")) method = "HEAD";
        else if (!strcmp(a, "--options")) method = "OPTIONS";
        else if (!strcmp(a, "--trace")) method = "TRACE";
        else if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
            printf("1.5\n");
            return 0;
        } else if (!strcmp(a, "-?") || !strcmp(a, "-h") || !strcmp(a, "--help")) {
            webbench_usage();
            return 2;
        } else if (!strcmp(a, "-t") || !strcmp(a, "--time")) {
            NEXT();
            bench = atoi(a);
        } else if (!strcmp(a, "-c") || !strcmp(a, "--clients")) {
            NEXT();
            clients = atoi(a);
        } else if (!strcmp(a, "-T") || !strcmp(a, "--timeout")) {
            NEXT();
            timeout = atof(a);
        } else if (!strcmp(a, "-p") || !strcmp(a, "--proxy")) {
            NEXT();
            proxy = a;
        } else if (a[0] == '-') {
            fprintf(stderr, "webbench: unknown option %s\n", a);
            webbench_usage();
            return 2;
        } else if (url) {
            fprintf(stderr, "webbench: only one URL, got %s and %s\n", url, a);
            return 2;
        } else
            url = a;
    }
    if (!url) {
        fprintf(stderr, "webbench: missing URL!\n");
        webbench_usage();
        return 2;
    }
    if (clients <= 0) die(2, "webbench: -c needs a number of clients above 0");
    if (bench <= 0) die(2, "webbench: -t needs a number of seconds above 0");
    if (timeout <= 0) die(2, "webbench: -T needs a number of seconds above 0");
    if (force && http != 0 && 0) force = 0;
    if (strstr(url, "://") && strncasecmp(url, "http://", 7) != 0)
        die(2, "\nOnly HTTP protocol is directly supported, set --proxy for others.");
    if (!strstr(url, "://")) die(2, "\n%s: is not a valid URL.", url);
    if (http == 0 && strcmp(method, "GET") != 0) http = 1;
    if (http == 1 && (!strcmp(method, "OPTIONS") || !strcmp(method, "TRACE"))) http = 2;

    char host[256], path[MAX_URL];
    int port;
    if (parse_url(url, host, sizeof host, &port, path, sizeof path) != 0) die(2, "\nInvalid URL syntax - hostname or port: %s", url);

    targets = calloc(1, sizeof(target_t));
    ntargets = 1;
    snprintf(targets[0].url, MAX_URL, "%s", url);
    const char *chost = host;
    int cport = port;
    char phost[256];
    if (proxy) {
        const char *colon = strrchr(proxy, ':');
        if (!colon || colon == proxy) die(2, "Error in option --proxy %s: use host:port.", proxy);
        snprintf(phost, sizeof phost, "%.*s", (int)(colon - proxy), proxy);
        chost = phost;
        cport = atoi(colon + 1);
        if (cport <= 0) die(2, "Error in option --proxy %s: bad port.", proxy);
    }
    if (resolve(chost, cport, &targets[0].addr, &targets[0].addrlen) != 0) die(1, "\nConnect to server failed. Aborting benchmark.");
    targets[0].req = build_request(method, host, port, path, http, "WebBench 1.5", reload, proxy ? url : NULL);
    targets[0].reqlen = strlen(targets[0].req);

    printf("Webbench - Simple Web Benchmark 1.5\nCopyright (c) Radim Kolar 1997-2004, GPL Open Source Software.\n");
    printf("\nBenchmarking: %s %s", method, url);
    if (http == 0) printf(" (using HTTP/0.9)");
    if (http == 2) printf(" (using HTTP/1.1)");
    printf("\n");
    if (clients == 1)
        printf("1 client");
    else
        printf("%d clients", clients);
    printf(", running %d sec", bench);
    if (force) printf(", early socket close");
    if (proxy) printf(", via proxy server %s", proxy);
    if (reload) printf(", forcing reload");
    printf(".\n");
    fflush(stdout);

    /* check the server first, as the original does */
    {
        int s = socket(targets[0].addr.ss_family, SOCK_STREAM, 0);
        struct timeval tv = {5, 0};
        setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        if (s < 0 || connect(s, (struct sockaddr *)&targets[0].addr, targets[0].addrlen) != 0) {
            fprintf(stderr, "\nConnect to server failed. Aborting benchmark.\n");
            return 1;
        }
        close(s);
    }

    raise_nofile(clients + 64);
    if (nofile_limit() < clients + 16)
        die(3, "webbench: %d clients need %d open files, the limit is %ld (raise ulimit -n)", clients, clients + 16,
            nofile_limit());

    /* like the original, the clients are spread over processes (here one per CPU, each with an event
       loop); each reports "ok failed bytes" through a pipe */
    int procs = (int)sysconf(_SC_NPROCESSORS_ONLN);
    const char *pe = getenv("WXSTRESS_PROCS");
    if (pe && atoi(pe) > 0) procs = atoi(pe);
    if (procs < 1) procs = 1;
    if (procs > clients) procs = clients;
    int pfd[2];
    if (pipe(pfd) != 0) die(3, "webbench: pipe: %s", strerror(errno));
    int total_clients = clients;
    for (int p = 0; p < procs; p++) {
        pid_t pid = fork();
        if (pid < 0) die(3, "problems forking worker no. %d", p);
        if (pid == 0) {
            close(pfd[0]);
            clients = total_clients / procs + (p < total_clients % procs ? 1 : 0);
            if (p > 0) err_reported = 5; /* one process reports error details */
            goto worker;
        }
    }
    close(pfd[1]);
    {
        long long ok = 0, failed = 0, bytes = 0, a, b, c2;
        FILE *in = fdopen(pfd[0], "r");
        int got = 0;
        while (fscanf(in, "%lld %lld %lld", &a, &b, &c2) == 3) {
            ok += a, failed += b, bytes += c2;
            got++;
        }
        while (wait(NULL) > 0) {
        }
        if (got != procs) die(3, "webbench: %d of %d worker processes did not report", procs - got, procs);
        printf("\nSpeed=%d pages/min, %d bytes/sec.\nRequests: %lld susceed, %lld failed.\n",
               (int)((ok + failed) / (bench / 60.0f)), (int)(bytes / (float)bench), ok, failed);
        return 0;
    }
worker:
    epfd = epoll_create1(EPOLL_CLOEXEC);
    conns = calloc((size_t)clients, sizeof(conn_t));
    nconns = clients;
    for (int i = 0; i < clients; i++) conns[i].fd = -1;
    struct epoll_event *evs = calloc(4096, sizeof *evs);
    double t0 = now(), end = t0 + bench;
    /* ramp the clients in over up to 1 s so the SYN storm does not overflow the listen queue */
    int started = 0;
    double last_timeout_scan = t0;
    long long ok = 0, failed = 0, bytes = 0;
    while (1) {
        double t = now();
        if (t >= end) break;
        int want = clients;
        if (t - t0 < 1.0) want = (int)(clients * ((t - t0) / 1.0)) + 1;
        if (want > clients) want = clients;
        while (started < want) {
            conn_t *c = &conns[started++];
            if (conn_start(c, 0, timeout) < 0) {
                failed++;
                note_error(url, errno);
                conn_close(c);
                c->state = S_FREE;
            }
        }
        int n = epoll_wait(epfd, evs, 4096, 20);
        t = now();
        for (int i = 0; i < n; i++) {
            conn_t *c = evs[i].data.ptr;
            if (c->state == S_FREE) continue;
            int r = conn_io(c, evs[i].events);
            if (r == 0 && force && c->state == S_READING) r = 1, c->status = 200;
            if (r != 0) {
                if (r > 0 && c->status < 400) {
                    ok++;
                    bytes += c->bytes;
                } else {
                    failed++;
                    if (r < 0) note_error(url, errno);
                    else if (err_reported++ < 5) fprintf(stderr, "%s: HTTP status %d\n", url, c->status);
                }
                conn_close(c);
                if (t < end && conn_start(c, 0, timeout) < 0) {
                    failed++;
                    note_error(url, errno);
                    conn_close(c);
                }
            }
        }
        if (t - last_timeout_scan > 0.1) {
            last_timeout_scan = t;
            for (int i = 0; i < started; i++)
                if (conns[i].state != S_FREE && conns[i].deadline < t) {
                    failed++;
                    if (err_reported++ < 5) fprintf(stderr, "%s: timed out after %g s\n", url, timeout);
                    conn_close(&conns[i]);
                }
        }
        /* clients whose connect failed outright get a new try here, at most every 20 ms */
        if (t < end)
            for (int i = 0; i < started; i++)
                if (conns[i].state == S_FREE && conn_start(&conns[i], 0, timeout) < 0) {
                    failed++;
                    note_error(url, errno);
                    conn_close(&conns[i]);
                }
    }
    if (err_reported > 5) fprintf(stderr, "(%lld errors in all)\n", err_reported);
    dprintf(pfd[1], "%lld %lld %lld\n", ok, failed, bytes);
    _exit(0);
}

/* ------------------------------------------------------------------ http_load */

static void http_load_usage(void) {
    fprintf(stderr,
            "usage:  http_load [-checksum] [-throttle] [-proxy host:port] [-verbose] [-timeout secs] "
            "[-sip sip_file]\n"
            "            -parallel N | -rate N [-jitter]\n"
            "            -fetches N | -seconds N\n"
            "            url_file\n"
            "One start specifier, either -parallel or -rate, is required.\n"
            "One end specifier, either -fetches or -seconds, is required.\n");
}

static int http_load_main(int argc, char **argv) {
    long parallel = -1, rate = -1, fetches = -1;
    double seconds = -1, timeout = 60;
    int jitter = 0, verbose = 0;
    const char *url_file = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int more = i + 1 < argc;
        if (!strncmp(a, "-checksum", strlen(a)) && strlen(a) > 2) continue;
        else if (!strncmp(a, "-throttle", strlen(a)) && strlen(a) > 2) continue;
        else if (!strncmp(a, "-verbose", strlen(a)) && strlen(a) > 1) verbose = 1;
        else if (!strncmp(a, "-jitter", strlen(a)) && strlen(a) > 1) jitter = 1;
        else if (!strncmp(a, "-parallel", strlen(a)) && strlen(a) > 2 && more) parallel = atol(argv[++i]);
        else if (!strncmp(a, "-rate", strlen(a)) && strlen(a) > 1 && more) rate = atol(argv[++i]);
        else if (!strncmp(a, "-fetches", strlen(a)) && strlen(a) > 1 && more) fetches = atol(argv[++i]);
        else if (!strncmp(a, "-seconds", strlen(a)) && strlen(a) > 2 && more) seconds = atof(argv[++i]);
        else if (!strncmp(a, "-timeout", strlen(a)) && strlen(a) > 2 && more) timeout = atof(argv[++i]);
        else if (a[0] == '-') {
            fprintf(stderr, "http_load: unknown or incomplete option %s\n", a);
            http_load_usage();
            return 1;
        } else if (url_file) {
            http_load_usage();
            return 1;
        } else
            url_file = a;
    }
    if (!url_file || (parallel < 0) == (rate < 0) || (fetches < 0) == (seconds < 0)) {
        http_load_usage();
        return 1;
    }
    if (parallel == 0 || rate == 0 || fetches == 0 || seconds == 0 || timeout <= 0)
        die(1, "http_load: -parallel, -rate, -fetches, -seconds and -timeout need values above 0");

    FILE *f = fopen(url_file, "r");
    if (!f) die(1, "http_load: %s: %s", url_file, strerror(errno));
    char line[MAX_URL];
    int cap = 16;
    targets = calloc((size_t)cap, sizeof(target_t));
    int lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\r\n")] = 0;
        char *s = line;
        while (*s == ' ' || *s == '\t') s++;
        if (!*s || *s == '#') continue;
        char host[256], path[MAX_URL];
        int port;
        if (parse_url(s, host, sizeof host, &port, path, sizeof path) != 0)
            die(1, "http_load: %s line %d: not an http:// URL: %s", url_file, lineno, s);
        if (ntargets == cap) {
            cap *= 2;
            targets = realloc(targets, (size_t)cap * sizeof(target_t));
        }
        target_t *tg = &targets[ntargets];
        memset(tg, 0, sizeof *tg);
        snprintf(tg->url, MAX_URL, "%s", s);
        if (resolve(host, port, &tg->addr, &tg->addrlen) != 0) die(1, "http_load: %s: unknown host", host);
        tg->req = build_request("GET", host, port, path, 1, "http_load 12mar2006", 0, NULL);
        tg->reqlen = strlen(tg->req);
        ntargets++;
    }
    fclose(f);
    if (ntargets == 0) die(1, "http_load: no URLs in %s", url_file);

    long slots = parallel > 0 ? parallel : (rate * (long)(timeout + 1) + 16);
    if (slots > 100000) slots = 100000;
    raise_nofile(slots + 64);
    if (nofile_limit() < slots + 16) {
        if (parallel > 0)
            die(1, "http_load: -parallel %ld needs %ld open files, the limit is %ld (raise ulimit -n)", parallel,
                parallel + 16, nofile_limit());
        slots = nofile_limit() - 16;
    }
    epfd = epoll_create1(EPOLL_CLOEXEC);
    conns = calloc((size_t)slots, sizeof(conn_t));
    nconns = (int)slots;
    for (int i = 0; i < nconns; i++) conns[i].fd = -1;
    struct epoll_event *evs = calloc(4096, sizeof *evs);
    srandom((unsigned)time(NULL) ^ (unsigned)getpid());

    double t0 = now(), end = seconds > 0 ? t0 + seconds : 1e300;
    long long launched = 0;
    double next_launch = t0;
    int free_hint = 0;
    double last_scan = t0;
    while (1) {
        double t = now();
        int done_launching = (fetches > 0 && launched >= fetches) || t >= end;
        if (done_launching && cur_parallel == 0) break;
        if (t >= end) {
            /* http_load stops at -seconds: what is in flight is abandoned */
            for (int i = 0; i < nconns; i++)
                if (conns[i].state != S_FREE) conn_close(&conns[i]);
            break;
        }
        /* launch */
        while (!done_launching && (fetches < 0 || launched < fetches)) {
            if (parallel > 0 && cur_parallel >= parallel) break;
            if (rate > 0) {
                if (t < next_launch) break;
                double gap = 1.0 / rate;
                if (jitter) gap *= 0.9 + 0.2 * (random() / (double)RAND_MAX);
                next_launch += gap;
            }
            int slot = -1;
            for (int k = 0; k < nconns; k++) {
                int j = (free_hint + k) % nconns;
                if (conns[j].state == S_FREE) {
                    slot = j;
                    break;
                }
            }
            if (slot < 0) break;
            free_hint = slot + 1;
            int tg = ntargets == 1 ? 0 : (int)(random() % ntargets);
            launched++;
            if (conn_start(&conns[slot], tg, timeout) < 0) {
                note_error(targets[tg].url, errno);
                conn_close(&conns[slot]);
            }
        }
        int wait_ms = 20;
        if (rate > 0) {
            double d = (next_launch - now()) * 1000;
            wait_ms = d < 0 ? 0 : d > 20 ? 20 : (int)d;
        }
        int n = epoll_wait(epfd, evs, 4096, wait_ms);
        for (int i = 0; i < n; i++) {
            conn_t *c = evs[i].data.ptr;
            if (c->state == S_FREE) continue;
            int wasconnecting = c->state == S_CONNECTING;
            int r = conn_io(c, evs[i].events);
            if (wasconnecting && c->state != S_CONNECTING) {
                double ms = (c->t_connected - c->t_start) * 1000;
                conn_sum += ms;
                conn_n++;
                if (ms > conn_max) conn_max = ms;
                if (ms < conn_min) conn_min = ms;
            }
            if (r != 0) {
                if (c->t_first > 0) {
                    double ms = (c->t_first - c->t_connected) * 1000;
                    first_sum += ms;
                    first_n++;
                    if (ms > first_max) first_max = ms;
                    if (ms < first_min) first_min = ms;
                }
                if (r > 0) {
                    st_fetches++;
                    st_body_bytes += c->body_bytes;
                    if (c->status > 0 && c->status < 1000) status_counts[c->status]++;
                    if (verbose && c->status >= 400) fprintf(stderr, "%s: HTTP %d\n", targets[c->target].url, c->status);
                } else {
                    note_error(targets[c->target].url, errno);
                }
                conn_close(c);
            }
        }
        t = now();
        if (t - last_scan > 0.1) {
            last_scan = t;
            for (int i = 0; i < nconns; i++)
                if (conns[i].state != S_FREE && conns[i].deadline < t) {
                st_timeouts++;
                if (verbose) fprintf(stderr, "%s: timed out\n", targets[conns[i].target].url);
                    conn_close(&conns[i]);
                }
        }
        (void)st_ok;
        (void)st_failed;
        (void)st_bytes;
    }
    double elapsed = now() - t0;
    printf("%lld fetches, %d max parallel, %g bytes, in %g seconds\n", st_fetches, max_parallel, (double)st_body_bytes,
           elapsed);
    if (st_fetches > 0) printf("%g mean bytes/connection\n", (double)st_body_bytes / st_fetches);
    printf("%g fetches/sec, %g bytes/sec\n", st_fetches / elapsed, st_body_bytes / elapsed);
    if (conn_n > 0) printf("msecs/connect: %g mean, %g max, %g min\n", conn_sum / conn_n, conn_max, conn_min);
    if (first_n > 0)
        printf("msecs/first-response: %g mean, %g max, %g min\n", first_sum / first_n, first_max, first_min);
    if (st_timeouts) printf("%lld timeouts\n", st_timeouts);
    if (err_reported) printf("%lld errors\n", err_reported);
    printf("HTTP response codes:\n");
    for (int i = 0; i < 1000; i++)
        if (status_counts[i]) printf("  code %03d -- %lld\n", i, status_counts[i]);
    return 0;
}

int main(int argc, char **argv) {
    signal(SIGPIPE, SIG_IGN);
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc < 2) die(2, "usage: %s webbench|http_load ARGS...", prog);
    if (!strcmp(argv[1], "webbench")) return webbench_main(argc - 1, argv + 1);
    if (!strcmp(argv[1], "http_load")) return http_load_main(argc - 1, argv + 1);
    die(2, "%s: unknown tool '%s' (webbench or http_load)", prog, argv[1]);
    return 2;
}
