import { describe, expect, it } from "vitest";
import { autoMapping, fieldForHeader, mappingFromForm } from "./mapping";

describe("automatic column mapping", () => {
  it("maps French headers, accents and case aside", () => {
    expect(autoMapping(["Prénom", "NOM", "E-mail", "Téléphone", "Société", "Fonction", "Ville", "Statut", "Étiquettes", "Valeur", "Date de création"])).toEqual({
      0: "firstName",
      1: "lastName",
      2: "email",
      3: "phone",
      4: "company",
      5: "jobTitle",
      6: "city",
      7: "status",
      8: "tags",
      9: "dealValue",
      10: "createdAt",
    });
    expect(fieldForHeader("courriel")).toBe("email");
    expect(fieldForHeader("entreprise")).toBe("company");
    expect(fieldForHeader("poste")).toBe("jobTitle");
  });

  it("maps English headers and the Google Contacts export", () => {
    expect(autoMapping(["first name", "Last Name", "email", "Phone", "Company", "Job Title", "City", "Source", "Status", "Instagram ID", "Tags", "Score", "Deal value"])).toEqual(
      Object.fromEntries(
        ["firstName", "lastName", "email", "phone", "company", "jobTitle", "city", "source", "status", "instagramId", "tags", "score", "dealValue"].map((f, i) => [String(i), f]),
      ),
    );
    const google = ["Name", "Given Name", "Family Name", "E-mail 1 - Type", "E-mail 1 - Value", "Phone 1 - Type", "Phone 1 - Value", "Organization 1 - Name", "Organization 1 - Title", "Address 1 - City"];
    expect(autoMapping(google)).toEqual({ 1: "firstName", 2: "lastName", 4: "email", 6: "phone", 7: "company", 8: "jobTitle", 9: "city" });
  });

  it("maps the CRM's own export headers", () => {
    const exported = ["prénom", "nom", "email", "téléphone", "entreprise", "poste", "ville", "source", "statut", "instagram", "tags", "score"];
    expect(Object.values(autoMapping(exported))).toEqual(["firstName", "lastName", "email", "phone", "company", "jobTitle", "city", "source", "status", "instagramId", "tags", "score"]);
  });

  it("gives each field to one column only, and leaves unknown headers unmapped", () => {
    expect(autoMapping(["email", "mail", "remarques"])).toEqual({ 0: "email" });
  });

  it("reads the edited mapping from the form, ignoring unknown fields and repeats", () => {
    const form = new URLSearchParams({ "col-0": "email", "col-1": "email", "col-2": "tenantId", "col-3": "phone" });
    expect(mappingFromForm(form, 4)).toEqual({ 0: "email", 3: "phone" });
  });
});
