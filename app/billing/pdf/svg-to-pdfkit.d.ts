// svg-to-pdfkit 0.1.8 ships no types: the one call the billing PDFs make.
declare module "svg-to-pdfkit" {
  type SvgToPdfOptions = { width?: number; height?: number; preserveAspectRatio?: string; assumePt?: boolean; useCSS?: boolean; warningCallback?: (message: string) => void;
    fontCallback?: (family: string, bold: boolean, italic: boolean, fontOptions: Record<string, unknown>) => string;
    imageCallback?: (link: string) => string;
  };
  export default function SVGtoPDF(doc: PDFKit.PDFDocument, svg: string, x?: number, y?: number, options?: SvgToPdfOptions): void;
}
