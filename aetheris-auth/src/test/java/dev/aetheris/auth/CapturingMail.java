package dev.aetheris.auth;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keeps every message instead of sending it; can be told to fail. */
final class CapturingMail implements MailSender {
    record Mail(String to, String subject, String body) {
    }

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    final List<Mail> sent = new CopyOnWriteArrayList<>();
    volatile boolean fail;

    @Override
    public void send(String to, String subject, String body) throws MailException {
        if (fail) {
            throw new MailException("test says no", null);
        }
        sent.add(new Mail(to, subject, body));
    }

    /** The code in the last message to {@code to}. */
    String lastCodeFor(String to) {
        for (int i = sent.size() - 1; i >= 0; i--) {
            Mail m = sent.get(i);
            if (m.to().equals(to)) {
                Matcher x = CODE.matcher(m.body());
                if (x.find()) {
                    return x.group(1);
                }
            }
        }
        throw new AssertionError("no code sent to " + to);
    }
}
