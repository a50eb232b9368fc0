package dev.aetheris.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Runs the game server. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the game server (transports, tick loop, world, auth, metrics).")
final class ServeCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("aetheris serve: not available yet in this build (the server lands with the transport work).");
        return 2;
    }
}
