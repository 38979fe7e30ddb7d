import nodemailer from 'nodemailer';

/** One e-mail to one account: plain text, no attachment. */
export interface Mail { to: string; subject: string; text: string }

/** Sends e-mail; `close` releases the connection pool. */
export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

/** Where e-mail goes: an SMTP URL (`smtp://user:pass@host:587`, `smtps://…`) and the sender's address. */
export interface SmtpSettings { url: string; from: string }

/** The SMTP settings from the environment (TANDEM_SMTP_URL, TANDEM_MAIL_FROM), or null: e-mail is then off. */
export function smtpFromEnv(env: NodeJS.ProcessEnv = process.env): SmtpSettings | null {
  const url = env.TANDEM_SMTP_URL?.trim();
  if (!url) return null;
  return { url, from: env.TANDEM_MAIL_FROM?.trim() || 'Tandem <tandem@localhost>' };
}

/** A mailer over nodemailer's SMTP transport, with short timeouts so that a dead server never holds the outbox for long. */
export function createSmtpMailer(settings: SmtpSettings): Mailer {
  const transport = nodemailer.createTransport(
    { url: settings.url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 },
    { from: settings.from },
  );
  return {
    async send(mail) {
      await transport.sendMail({ to: mail.to, subject: mail.subject, text: mail.text });
    },
    close: () => transport.close(),
  };
}
