// The simulated API answers after __latency_ms__ ms and fails a share of
// __failure_rate__ of the sends (status 500), chosen by seed __seed__.

async function sendEmail(email, subject, body) {
  const response = await fetch("https://api.sendgrid.com/v3/mail/send", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ to: email, subject, body }),
  });
  return response.status === 200;
}

async function sendBulkEmails(users) {
  // each sendEmail() call starts its request right away
  const sends = users.map((user) =>
    sendEmail(user.email, "Welcome!", `Hello ${user.username}`),
  );
  const results = await Promise.all(sends);

  const successCount = results.filter(Boolean).length;
  console.log(`sent ${successCount}/${users.length} emails`);
  return results;
}

const users = Array.from({ length: __users__ }, (_, i) => ({
  email: `user${i + 1}@example.com`,
  username: `user${i + 1}`,
}));
await sendBulkEmails(users);
