// Ready-to-paste examples shown on /dashboard/settings (no secrets unless the fresh token is passed).

export function curlExample(baseUrl: string, token = "cos_VOTRE_JETON") {
  return `curl -X POST ${baseUrl}/api/v1/leads \\
  -H "Authorization: Bearer ${token}" \\
  -H "Content-Type: application/json" \\
  -d '{"leads":[{"instagram_id":"17841400000000001","username":"julie.fit","first_name":"Julie","source":"story","status":"engaged","created_at":"2026-11-20T18:05:00+01:00"}]}'

curl -X POST ${baseUrl}/api/v1/messages \\
  -H "Authorization: Bearer ${token}" \\
  -H "Content-Type: application/json" \\
  -d '{"messages":[{"external_id":"mid.001","instagram_id":"17841400000000001","direction":"out","message_number":1,"text":"Salut Julie !","sent_at":"2026-11-20T18:06:00+01:00"},{"external_id":"mid.002","instagram_id":"17841400000000001","direction":"in","text":"Hello !","sent_at":"2026-11-20T18:20:00+01:00"}]}'`;
}

/** An N8N "HTTP Request" node (paste it into the editor) that forwards one ManyChat message. */
export function n8nNodeExample(baseUrl: string, token = "cos_VOTRE_JETON") {
  const node = {
    nodes: [
      {
        name: "Coach OS – message",
        type: "n8n-nodes-base.httpRequest",
        typeVersion: 4.2,
        position: [0, 0],
        parameters: {
          method: "POST",
          url: `${baseUrl}/api/v1/messages`,
          sendHeaders: true,
          headerParameters: { parameters: [{ name: "Authorization", value: `Bearer ${token}` }] },
          sendBody: true,
          specifyBody: "json",
          jsonBody:
            "={{ JSON.stringify({ external_id: $json.message_id, instagram_id: $json.ig_user_id, direction: $json.from_page ? 'out' : 'in', text: $json.text, sent_at: $json.timestamp }) }}",
          options: { retry: { maxTries: 3 } },
        },
      },
    ],
    connections: {},
  };
  return JSON.stringify(node, null, 2);
}
