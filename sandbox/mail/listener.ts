/**
 * Listening, and not listening: `down()` closes the listening socket and drops open connections
 * with 421 (RFC 5321 section 3.8, a server shutting down), so a sender gets ECONNREFUSED as from a
 * mail server that is down; `up()` listens again on the same port, so the sender's configured URL
 * works again without change.
 */
import type { AddressInfo, Server, Socket } from "node:net";
import type { SMTPServer } from "smtp-server";

export interface Listener {
  host: string;
  port: number;
  down(): Promise<void>;
  up(): Promise<void>;
}

export async function startListener(
  server: SMTPServer,
  host: string,
  port: number,
): Promise<Listener> {
  const sockets = new Set<Socket>();
  server.server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });

  await listenOn(server.server, port, host);
  const address = server.server.address() as AddressInfo;
  let listening = true;

  return {
    host: address.address,
    port: address.port,
    async down() {
      if (!listening) return;
      listening = false;
      // The net server itself, not SMTPServer.close(): that one leaves the SMTPServer answering
      // 421 to every command for good, and a server that is down comes back.
      const closed = new Promise<void>((resolve) => server.server.close(() => resolve()));
      for (const connection of server.connections) {
        connection.send(421, "4.3.2 confab mail sandbox shutting down");
      }
      // A 421 asks the client to leave; a server that is down does not wait for it to.
      for (const socket of sockets) {
        if (socket.writableFinished) socket.destroy();
        else socket.once("finish", () => socket.destroy()).end();
      }
      await closed;
    },
    async up() {
      if (listening) return;
      await listenOn(server.server, address.port, address.address);
      listening = true;
    },
  };
}

function listenOn(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      server.off("listening", onListening);
      reject(error);
    };
    const onListening = () => {
      server.off("error", onError);
      resolve();
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, host);
  });
}
