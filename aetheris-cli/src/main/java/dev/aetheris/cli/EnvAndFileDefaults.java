package dev.aetheris.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Default values for options from the environment and an optional config file, so every flag
 * {@code --http-port} can also be given as {@code AETHERIS_HTTP_PORT} or as {@code http-port=} in
 * the file named by {@code --config} / {@code AETHERIS_CONFIG}. Precedence: flag, environment, file,
 * built-in default.
 */
final class EnvAndFileDefaults implements CommandLine.IDefaultValueProvider {
    private final Map<String, String> env;
    private final Properties file;

    EnvAndFileDefaults(Map<String, String> env, Properties file) {
        this.env = env;
        this.file = file;
    }

    /**
     * Reads the config file named by {@code --config} in {@code args} or {@code AETHERIS_CONFIG}.
     *
     * @throws CommandLine.ParameterException-like IllegalArgumentException if the file is unreadable
     */
    static EnvAndFileDefaults load(String[] args, Map<String, String> env) {
        String path = env.get("AETHERIS_CONFIG");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                path = args[i + 1];
            } else if (args[i].startsWith("--config=")) {
                path = args[i].substring("--config=".length());
            }
        }
        Properties p = new Properties();
        if (path != null) {
            try (Reader r = Files.newBufferedReader(Path.of(path))) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException("config: cannot read " + path + ": " + e.getMessage(), e);
            }
        }
        return new EnvAndFileDefaults(env, p);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec opt) || !opt.longestName().startsWith("--")) {
            return null;
        }
        String key = opt.longestName().substring(2);
        String envKey = "AETHERIS_" + key.replace('-', '_').toUpperCase(Locale.ROOT);
        String v = env.get(envKey);
        if (v != null) {
            return v;
        }
        v = file.getProperty(key);
        return v != null ? v.trim() : arg.defaultValue();
    }
}
