import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder the tests can cut: scripts/test puts it between the test server and its database
 * so that HealthIT can take the database away from that server alone (the machine's MariaDB keeps
 * running for everybody else).
 *
 * <pre>java scripts/lib/CutProxy.java LISTEN_PORT TARGET_HOST TARGET_PORT CONTROL_FILE</pre>
 *
 * While CONTROL_FILE exists the link is cut: every open connection is closed and new ones are
 * closed at once. Deleting the file restores it. Listens on 127.0.0.1 only; one thread per
 * direction of each connection (the test server's pool holds a few dozen at most).
 */
public final class CutProxy {

    private static final Set<Socket> OPEN = ConcurrentHashMap.newKeySet();

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: java CutProxy.java LISTEN_PORT TARGET_HOST TARGET_PORT CONTROL_FILE");
            System.exit(2);
        }
        int listen = Integer.parseInt(args[0]);
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        Path control = Path.of(args[3]);
        Thread watcher = new Thread(() -> watch(control), "cut-watcher");
        watcher.setDaemon(true);
        watcher.start();
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listen), 256);
            System.out.println("CutProxy 127.0.0.1:" + listen + " -> " + host + ":" + port + ", cut while " + control
                    + " exists");
            while (true) {
                Socket client = server.accept();
                if (Files.exists(control)) {
                    close(client);
                    continue;
                }
                Thread t = new Thread(() -> connect(client, host, port), "cut-conn");
                t.setDaemon(true);
                t.start();
            }
        }
    }

    private static void connect(Socket client, String host, int port) {
        Socket upstream = new Socket();
        try {
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            upstream.connect(new InetSocketAddress(host, port), 2000);
        } catch (IOException e) {
            close(client);
            close(upstream);
            return;
        }
        OPEN.add(client);
        OPEN.add(upstream);
        Thread back = new Thread(() -> pump(upstream, client), "cut-pump");
        back.setDaemon(true);
        back.start();
        pump(client, upstream);
    }

    private static void pump(Socket from, Socket to) {
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // the other side or a cut closed the connection
        } finally {
            close(from);
            close(to);
        }
    }

    private static void watch(Path control) {
        boolean cut = false;
        while (true) {
            boolean now = Files.exists(control);
            if (now && !cut) {
                System.out.println("cut: closing " + OPEN.size() / 2 + " connection(s)");
            }
            if (now) {
                // connections accepted just before the cut are closed on the next round
                OPEN.forEach(CutProxy::close);
            }
            if (!now && cut) {
                System.out.println("restored");
            }
            cut = now;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void close(Socket s) {
        OPEN.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
